/* test_reply: compose replies, then read them back with mime_parse. */
#include <strings.h>

#include "testlib.h"

#include "charset.h"
#include "mime.h"
#include "pipeline.h"
#include "reply.h"
#include "util.h"

/* 2026-11-21 10:00:00 WIB, a Saturday. */
#define T_SAT	((time_t)1795230000)

static struct reply
base_reply(void)
{
	struct reply r;

	memset(&r, 0, sizeof r);
	r.from_name = "Dinas Kominfo Kota Pekalongan";
	r.from_email = "sertel@pekalongankota.go.id";
	r.hostname = "pekalongankota.go.id";
	r.to = "budi@gmail.com";
	r.subject = "Permohonan SE-2026-000001 diterima";
	r.body = "Yth. Budi,\n\nPermohonan diterima.\n";
	r.in_reply_to = "<CAB123@mail.gmail.com>";
	r.references = "<CAA000@mail.gmail.com> <CAB123@mail.gmail.com>";
	r.request_code = "SE-2026-000001";
	r.date = T_SAT;
	return r;
}

/* The header block of raw (up to the blank line), a copy. */
static char *
header_block(const char *raw)
{
	const char *e = strstr(raw, "\r\n\r\n");

	assert_non_null(e);
	return strndup(raw, (size_t)(e - raw) + 2);
}

/* Does any line of the header block start with prefix (case-blind)? */
static bool
has_header_line(const char *raw, const char *prefix)
{
	char *h = header_block(raw), *p = h;
	bool found = false;

	while (p && *p) {
		if (strncasecmp(p, prefix, strlen(prefix)) == 0)
			found = true;
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	free(h);
	return found;
}

/* Every LF is preceded by CR, no CR stands alone, lines <= 78 + CRLF. */
static void
check_crlf(const char *raw, size_t len)
{
	size_t i, col = 0;

	for (i = 0; i < len; i++) {
		if (raw[i] == '\n') {
			if (i == 0 || raw[i - 1] != '\r')
				fail_msg("bare LF at byte %zu", i);
			col = 0;
			continue;
		}
		if (raw[i] == '\r') {
			if (i + 1 >= len || raw[i + 1] != '\n')
				fail_msg("bare CR at byte %zu", i);
			continue;
		}
		if (raw[i] == '\0')
			fail_msg("NUL at byte %zu", i);
		if (++col > 998)
			fail_msg("line longer than 998 at byte %zu", i);
	}
	assert_true(len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n');
}

static struct pl_msg *
parse_back(const char *raw, size_t len)
{
	struct pl_msg *m = NULL;
	const char *why = NULL;

	if (mime_parse(raw, len, &m, &why) != PL_OK)
		fail_msg("mime_parse of our own reply: %s", why ? why : "?");
	return m;
}

static void
test_round_trip(void **state)
{
	struct reply r = base_reply();
	struct pl_msg *m;
	char *raw, *msgid;
	size_t len;

	(void)state;
	r.subject = "Permohonan SE-2026-000001 \xe2\x80\x94 diterima \xe2\x9c\x93"
	    " (Caf\xc3\xa9)";
	r.from_name = "Dinas Komunikasi dan Informatika \xc2\xb7 Pekalongan";
	r.body = "Yth. Bapak/Ibu Budi,\n\nKode: SE-2026-000001 = benar\n"
	    ".\n.titik di awal\nFrom here on\nspasi di akhir   \n"
	    "caf\xc3\xa9 \xe2\x82\xac\n";
	assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
	assert_non_null(raw);
	assert_int_equal(strlen(raw), len);
	check_crlf(raw, len);
	m = parse_back(raw, len);
	assert_string_equal(m->subject, r.subject);
	assert_string_equal(m->from_name, r.from_name);
	assert_string_equal(m->from_email, "sertel@pekalongankota.go.id");
	assert_string_equal(m->message_id, msgid);
	assert_string_equal(m->in_reply_to, "<CAB123@mail.gmail.com>");
	assert_int_equal(m->nrefs, 2);
	assert_string_equal(m->refs[0], "<CAA000@mail.gmail.com>");
	assert_string_equal(m->refs[1], "<CAB123@mail.gmail.com>");
	assert_string_equal(m->date, "2026-11-21T10:00:00+07:00");
	assert_non_null(m->auto_reason);	/* our mail is automatic */
	assert_non_null(strstr(m->body_text, r.body));
	assert_int_equal(m->nparts, 0);
	mime_free(m);
	free(raw);
	free(msgid);
}

static void
test_headers_present(void **state)
{
	struct reply r = base_reply();
	char *raw, *msgid, *h;
	size_t len;

	(void)state;
	r.cc = "atasan@pekalongankota.go.id";
	assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
	h = header_block(raw);
	assert_non_null(strstr(h, "\r\nAuto-Submitted: auto-replied\r\n"));
	assert_non_null(strstr(h,
	    "\r\nIn-Reply-To: <CAB123@mail.gmail.com>\r\n"));
	assert_non_null(strstr(h, "\r\nReferences: <CAA000@mail.gmail.com>"));
	assert_non_null(strstr(h, "<CAB123@mail.gmail.com>\r\n"));
	assert_non_null(strstr(h, "\r\nX-Sertel-Request: SE-2026-000001\r\n"));
	assert_non_null(strstr(h, "\r\nTo: budi@gmail.com\r\n"));
	assert_non_null(strstr(h, "\r\nCc: atasan@pekalongankota.go.id\r\n"));
	assert_non_null(strstr(h, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(h, "charset=UTF-8"));
	assert_true(strncmp(h, "Date: Sat, 21 Nov 2026 10:00:00 +0700\r\n",
	    39) == 0);
	/* Our own Message-ID, on our host, with angle brackets. */
	assert_true(msgid[0] == '<' && msgid[strlen(msgid) - 1] == '>');
	assert_non_null(strstr(msgid, "@pekalongankota.go.id>"));
	assert_non_null(strstr(h, msgid));
	free(h);
	free(raw);
	free(msgid);
}

/* Without threading data: no In-Reply-To, References or Cc lines. */
static void
test_headers_optional(void **state)
{
	struct reply r = base_reply();
	char *raw, *msgid;
	size_t len;

	(void)state;
	r.in_reply_to = NULL;
	r.references = NULL;
	r.request_code = NULL;
	assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
	assert_false(has_header_line(raw, "In-Reply-To:"));
	assert_false(has_header_line(raw, "References:"));
	assert_false(has_header_line(raw, "Cc:"));
	assert_false(has_header_line(raw, "X-Sertel-Request:"));
	assert_true(has_header_line(raw, "Auto-Submitted: auto-replied"));
	free(raw);
	free(msgid);
}

/*
 * RFC 5322 wants at least one msg-id in References and In-Reply-To: when
 * nothing usable is left after cleaning, leave the field out rather than
 * write an empty one.
 */
static void
test_no_empty_fields(void **state)
{
	static const struct {
		const char	*in_reply_to;
		const char	*references;
	} rows[] = {
		{ NULL, "garbage not-an-id" },
		{ NULL, "\r\n" },
		{ NULL, "<unclosed" },
		{ "", NULL },
		{ "\r\n", NULL },
	};
	struct reply r;
	char *raw, *msgid, *h, *p;
	size_t len, i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		r = base_reply();
		r.in_reply_to = rows[i].in_reply_to;
		r.references = rows[i].references;
		assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
		h = header_block(raw);
		for (p = h; p && *p; p = strstr(p, "\r\n") ? strstr(p,
		    "\r\n") + 2 : NULL) {
			const char *colon = strchr(p, ':');
			const char *eol = strstr(p, "\r\n");

			if (*p == ' ' || *p == '\t' || colon == NULL ||
			    colon > eol)
				continue;
			colon++;
			while (*colon == ' ')
				colon++;
			/* Empty unless the value goes on in a fold. */
			if (colon == eol && eol[2] != ' ' && eol[2] != '\t')
				tl_fail("row %zu: empty field \"%.*s\"", i,
				    (int)(eol - p), p);
		}
		free(h);
		free(raw);
		free(msgid);
	}
	TL_END();
}

/* Message-IDs are unique, even for the same reply at the same second. */
static void
test_msgid_unique(void **state)
{
	struct reply r = base_reply();
	char *raw1, *raw2, *id1, *id2;
	size_t len;

	(void)state;
	assert_int_equal(reply_compose(&r, &raw1, &len, &id1), PL_OK);
	assert_int_equal(reply_compose(&r, &raw2, &len, &id2), PL_OK);
	assert_string_not_equal(id1, id2);
	free(raw1);
	free(raw2);
	free(id1);
	free(id2);
}

/* CR/LF in any header input never makes an extra header line. */
static const struct {
	const char	*field;
	const char	*value;
} inject_rows[] = {
	{ "subject", "x\r\nBcc: evil@x" },
	{ "subject", "x\nBcc: evil@x" },
	{ "subject", "x\rBcc: evil@x" },
	{ "subject", "\xc3\xa9\r\nBcc: evil@x" },
	{ "subject", "x\r\n\r\nBcc: evil@x" },
	{ "from_name", "Dinas\r\nBcc: evil@x" },
	{ "from_name", "Din\xc3\xa1s\r\nBcc: evil@x" },
	{ "from_name", "\"\r\nBcc: evil@x" },
	{ "in_reply_to", "<a@b>\r\nBcc: evil@x" },
	{ "references", "<a@b>\r\nBcc: evil@x <c@d>" },
	{ "references", "<a@b>\r\nBcc: <evil@x>" },
	{ "request_code", "SE-2026-000001\r\nBcc: evil@x" },
};

static void
test_header_injection(void **state)
{
	struct reply r;
	struct pl_msg *m;
	char *raw, *msgid;
	size_t len, i;
	enum pl_status st;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(inject_rows); i++) {
		r = base_reply();
		if (strcmp(inject_rows[i].field, "subject") == 0)
			r.subject = inject_rows[i].value;
		else if (strcmp(inject_rows[i].field, "from_name") == 0)
			r.from_name = inject_rows[i].value;
		else if (strcmp(inject_rows[i].field, "in_reply_to") == 0)
			r.in_reply_to = inject_rows[i].value;
		else if (strcmp(inject_rows[i].field, "references") == 0)
			r.references = inject_rows[i].value;
		else
			r.request_code = inject_rows[i].value;
		st = reply_compose(&r, &raw, &len, &msgid);
		if (st != PL_OK) {
			tl_fail("row %zu: status %d", i, st);
			continue;
		}
		if (has_header_line(raw, "Bcc:"))
			tl_fail("row %zu (%s \"%s\"): a Bcc: header line", i,
			    inject_rows[i].field,
			    tl_esc(inject_rows[i].value));
		if (strstr(raw, "\nBcc:") != NULL)
			tl_fail("row %zu: a line starts with Bcc:", i);
		check_crlf(raw, len);
		m = parse_back(raw, len);
		if (tl_has_crlf(m->subject) || tl_has_crlf(m->from_name))
			tl_fail("row %zu: CR/LF parsed back", i);
		mime_free(m);
		free(raw);
		free(msgid);
	}
	TL_END();
}

/* Addresses we refuse to put in a header. */
static const struct {
	const char	*to;
	const char	*cc;
	const char	*from;
} bad_rows[] = {
	{ "", NULL, NULL },
	{ "budi", NULL, NULL },
	{ "budi gmail.com", NULL, NULL },
	{ "budi@gmail.com\r\nBcc: evil@x", NULL, NULL },
	{ "budi@gmail.com\nBcc: evil@x", NULL, NULL },
	{ "budi@gmail.com, evil@x", NULL, NULL },
	{ "budi@gmail.com;evil@x", NULL, NULL },
	{ "Budi <budi@gmail.com>", NULL, NULL },
	{ "<budi@gmail.com>", NULL, NULL },
	{ "\"a b\"@gmail.com", NULL, NULL },
	{ "bu di@gmail.com", NULL, NULL },
	{ "budi@gm\xc3\xa1il.com", NULL, NULL },
	{ "budi@gmail.com\x7f", NULL, NULL },
	{ NULL, NULL, NULL },
	{ "budi@gmail.com", "atasan@x\r\nBcc: evil@x", NULL },
	{ "budi@gmail.com", "bukan alamat", NULL },
	{ "budi@gmail.com", NULL, "sertel" },
	{ "budi@gmail.com", NULL, "" },
	{ "budi@gmail.com", NULL, "sertel@x\r\nBcc: evil@x" },
};

static void
test_bad_address(void **state)
{
	static char longaddr[300];
	struct reply r;
	char *raw, *msgid;
	size_t len, i;
	enum pl_status st;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(bad_rows); i++) {
		r = base_reply();
		r.to = bad_rows[i].to;
		r.cc = bad_rows[i].cc;
		if (bad_rows[i].from)
			r.from_email = bad_rows[i].from;
		raw = msgid = (char *)1;
		st = reply_compose(&r, &raw, &len, &msgid);
		if (st != PL_EINPUT)
			tl_fail("row %zu (to \"%s\" cc \"%s\" from \"%s\"): "
			    "status %d, want PL_EINPUT", i,
			    tl_esc(bad_rows[i].to), tl_esc(bad_rows[i].cc),
			    tl_esc(bad_rows[i].from), st);
		else if (raw != NULL || msgid != NULL)
			tl_fail("row %zu: *raw or *msgid set on error", i);
		if (st == PL_OK) {
			free(raw);
			free(msgid);
		}
	}
	/* Over 254 bytes. */
	memset(longaddr, 'a', 250);
	strcpy(longaddr + 250, "@x.id");
	r = base_reply();
	r.to = longaddr;
	st = reply_compose(&r, &raw, &len, &msgid);
	if (st != PL_EINPUT)
		tl_fail("255-byte address: status %d", st);
	if (st == PL_OK) {
		free(raw);
		free(msgid);
	}
	TL_END();
}

/* Long and awkward bodies survive quoted-printable. */
static void
test_body_round_trip(void **state)
{
	static char body[20000];
	struct reply r = base_reply();
	struct pl_msg *m;
	char *raw, *msgid, *line, *p;
	size_t len, i;

	(void)state;
	/* A 3000-byte line of mixed ASCII, '=' and 2-byte characters. */
	for (i = 0, p = body; i < 1000; i++) {
		switch (i % 4) {
		case 0: *p++ = 'a'; break;
		case 1: *p++ = '='; break;
		case 2: memcpy(p, "\xc3\xa9", 2); p += 2; break;
		default: *p++ = ' '; break;
		}
	}
	memcpy(p, "\nakhir\t\n", 9);
	r.body = body;
	assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
	check_crlf(raw, len);
	/* Quoted-printable lines are at most 76 characters. */
	line = strstr(raw, "\r\n\r\n") + 4;
	while ((p = strstr(line, "\r\n")) != NULL) {
		if (p - line > 76)
			fail_msg("body line of %td characters", p - line);
		line = p + 2;
	}
	m = parse_back(raw, len);
	assert_non_null(strstr(m->body_text, body));
	mime_free(m);
	free(raw);
	free(msgid);

	/* Invalid UTF-8 and controls in the body are cleaned. */
	r.body = "a\xff" "b\x1b" "c\0";
	assert_int_equal(reply_compose(&r, &raw, &len, &msgid), PL_OK);
	m = parse_back(raw, len);
	assert_non_null(strstr(m->body_text, "a\xef\xbf\xbd" "bc"));
	mime_free(m);
	free(raw);
	free(msgid);
}

/* ASCII stays as it is; UTF-8 becomes B words of at most 75 bytes. */
static void
test_encode_words(void **state)
{
	static const char *const rows[] = {
		"Permohonan diterima",
		"Caf\xc3\xa9",
		"\xe2\x9c\x93 \xe2\x80\x94 lengkap",
		"Permohonan Sertifikat Elektronik SE-2026-000001 \xe2\x80\x94 "
		    "dokumen belum lengkap: KTP, SK jabatan, surat rekomendasi "
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		"\xf0\x9f\x93\x84\xf0\x9f\x93\x84\xf0\x9f\x93\x84\xf0\x9f\x93"
		    "\x84\xf0\x9f\x93\x84\xf0\x9f\x93\x84\xf0\x9f\x93\x84\xf0"
		    "\x9f\x93\x84\xf0\x9f\x93\x84\xf0\x9f\x93\x84\xf0\x9f\x93"
		    "\x84\xf0\x9f\x93\x84\xf0\x9f\x93\x84",
	};
	char *enc, *dec, *w, *p, *save = NULL;
	size_t i;

	(void)state;
	enc = reply_encode_words("Permohonan diterima");
	assert_string_equal(enc, "Permohonan diterima");
	free(enc);
	enc = reply_encode_words("a\r\nb");
	assert_string_equal(enc, "a b");
	free(enc);
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		enc = reply_encode_words(rows[i]);
		dec = rfc2047_decode(enc);
		tl_str("decode(encode)", i, rows[i], dec, rows[i]);
		free(dec);
		/* Each word alone: <= 75 bytes, decodes to valid UTF-8. */
		p = enc;
		while ((w = strtok_r(p, " \r\n", &save)) != NULL) {
			p = NULL;
			if (strlen(w) > 75)
				tl_fail("row %zu: word of %zu bytes", i,
				    strlen(w));
			if (strncmp(w, "=?UTF-8?B?", 10) != 0)
				continue;
			dec = rfc2047_decode(w);
			if (strstr(dec, "\xef\xbf\xbd"))
				tl_fail("row %zu: a word splits a character",
				    i);
			free(dec);
		}
		free(enc);
	}
	TL_END();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_headers_present),
		cmocka_unit_test(test_headers_optional),
		cmocka_unit_test(test_msgid_unique),
		cmocka_unit_test(test_no_empty_fields),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_body_round_trip),
		cmocka_unit_test(test_encode_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
