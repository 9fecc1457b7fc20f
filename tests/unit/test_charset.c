/* test_charset: charset_to_utf8, RFC 2047, RFC 2231, filename_clean. */
#include "testlib.h"

#include "charset.h"
#include "pipeline.h"
#include "util.h"

/* ---- rfc2047_decode ---------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
} rfc2047_rows[] = {
	/* B and Q words. */
	{ "=?UTF-8?B?QnVkaSBTYW50b3Nv?=", "Budi Santoso" },
	{ "=?utf-8?b?QnVkaSBTYW50b3Nv?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Surat_Permohonan?=", "Surat Permohonan" },
	{ "=?utf-8?q?Surat=20Permohonan?=", "Surat Permohonan" },
	{ "=?ISO-8859-1?Q?Caf=E9?=", "Caf\xc3\xa9" },
	{ "=?windows-1252?Q?=93SK=94?=", "\xe2\x80\x9cSK\xe2\x80\x9d" },
	{ "=?UTF-8?B?U3VyYXQgUmVrb21lbmRhc2kgw6k=?=",
	    "Surat Rekomendasi \xc3\xa9" },
	/* RFC 2231 language suffix on the charset. */
	{ "=?UTF-8*id?Q?Nama?=", "Nama" },
	/* Adjacent words are joined: the white space between them goes. */
	{ "=?UTF-8?Q?Sura?= =?UTF-8?Q?t?=", "Surat" },
	{ "=?UTF-8?B?S1RQ?=\r\n =?UTF-8?B?IEJ1ZGk=?=", "KTP Budi" },
	{ "=?UTF-8?Q?a?=\t  =?ISO-8859-1?Q?=E9?=", "a\xc3\xa9" },
	/* ... but not between a word and plain text. */
	{ "=?UTF-8?Q?Re:?= lampiran", "Re: lampiran" },
	{ "Fwd: =?UTF-8?Q?KTP?= dan SK", "Fwd: KTP dan SK" },
	/* Bad base64: junk skipped, never a crash. */
	{ "=?UTF-8?B?QnVk!aQ==?=", "Budi" },
	{ "=?UTF-8?B?!!!!?=", "" },
	{ "=?UTF-8?B?QQ?=", "A" },
	/* Unknown charset: read as UTF-8 (or windows-1252 if not valid). */
	{ "=?x-unknown-42?Q?abc?=", "abc" },
	{ "=?x-unknown-42?Q?caf=E9?=", "caf\xc3\xa9" },
	/* UTF-7 is never decoded. */
	{ "=?UTF-7?Q?+ADw-script+AD4-?=", "+ADw-script+AD4-" },
	/* CR, LF inside an encoded word come out as one space. */
	{ "=?UTF-8?Q?a=0D=0AB?=", "a B" },
	{ "=?UTF-8?Q?a=0AB?=", "a B" },
	{ "=?UTF-8?B?YQ0KQmNjOiBldmlsQHg=?=", "a Bcc: evil@x" },
	/* NUL via =00 is dropped and does not cut the text. */
	{ "=?UTF-8?Q?a=00b?=", "ab" },
	{ "=?UTF-8?B?YQBi?=", "ab" },
	/* Not encoded words: left as they are. */
	{ "=?UTF-8?Q?no end", "=?UTF-8?Q?no end" },
	{ "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=" },
	{ "=??Q?abc?=", "=??Q?abc?=" },
	{ "=?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?=" },
	{ "plain text", "plain text" },
	{ "", "" },
	/* White space squeezed and trimmed. */
	{ "  a \t  b  ", "a b" },
	/* Invalid UTF-8 in plain text becomes U+FFFD. */
	{ "caf\xe9", "caf\xef\xbf\xbd" },
};

static void
test_rfc2047_table(void **state)
{
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rfc2047_rows); i++) {
		got = rfc2047_decode(rfc2047_rows[i].in);
		tl_str("rfc2047_decode", i, rfc2047_rows[i].in, got,
		    rfc2047_rows[i].want);
		free(got);
	}
	TL_END();
}

/* Whatever the input, the result is one line of valid UTF-8. */
static void
test_rfc2047_always_clean(void **state)
{
	static const char *const hostile[] = {
		"=?UTF-8?B?w6?= =?UTF-8?B?kK?=",
		"=?UTF-8?Q?=FF=FE=00=0D=0A=1B=7F?=",
		"=?UTF-16?B?//5hAA0ACgBiAA==?=",
		"=?UTF-8?Q?=C2=85next=E2=80=A8line?=",
		"=?UTF-8?B?" "////////////////////////////////" "?=",
		"=?" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaa?Q?x?=",
		"=?=?=?=?=?=?=?=?",
		"?=?=?=",
		"\r\n\r\n",
	};
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(hostile); i++) {
		got = rfc2047_decode(hostile[i]);
		if (got == NULL) {
			tl_fail("row %zu: NULL", i);
			continue;
		}
		if (!utf8_valid(got, strlen(got)))
			tl_fail("row %zu: invalid UTF-8 \"%s\"", i,
			    tl_esc(got));
		if (tl_has_crlf(got))
			tl_fail("row %zu: CR/LF in \"%s\"", i, tl_esc(got));
		for (const char *p = got; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				tl_fail("row %zu: control 0x%02x in \"%s\"", i,
				    (unsigned char)*p, tl_esc(got));
				break;
			}
		free(got);
	}
	TL_END();
}

/*
 * Contract: "CR, LF and other controls become spaces", so a bare CR or an
 * escape between two words must not glue them together.
 */
static const struct {
	const char	*in;
	const char	*want;
} rfc2047_ctl_rows[] = {
	{ "=?UTF-8?Q?Budi=0ASantoso?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Budi=0D=0ASantoso?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Budi=09Santoso?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Budi=0DSantoso?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Budi=1BSantoso?=", "Budi Santoso" },
	{ "=?UTF-8?Q?Budi=0BSantoso?=", "Budi Santoso" },
};

static void
test_rfc2047_controls_become_spaces(void **state)
{
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rfc2047_ctl_rows); i++) {
		got = rfc2047_decode(rfc2047_ctl_rows[i].in);
		tl_str("rfc2047_decode", i, rfc2047_ctl_rows[i].in, got,
		    rfc2047_ctl_rows[i].want);
		free(got);
	}
	TL_END();
}

/* UTF-16 with a BOM inside an encoded word: "a\r\nb" -> "a b". */
static void
test_rfc2047_utf16(void **state)
{
	char *got = rfc2047_decode("=?UTF-16?B?//5hAA0ACgBiAA==?=");

	(void)state;
	assert_string_equal(got, "a b");
	free(got);
}

/* ---- charset_to_utf8 --------------------------------------------------- */

static const struct {
	const char	*cs;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*want;
} cs_rows[] = {
	{ "iso-8859-1", "\xe9t\xe9", 0, "\xc3\xa9t\xc3\xa9" },
	{ "ISO-8859-1", "Jalan Merdeka No. 5 \xb0", 0,
	    "Jalan Merdeka No. 5 \xc2\xb0" },
	{ "latin1", "\xe9", 0, "\xc3\xa9" },
	{ "windows-1252", "\x93Surat\x94 \x80 \x85", 0,
	    "\xe2\x80\x9cSurat\xe2\x80\x9d \xe2\x82\xac \xe2\x80\xa6" },
	{ "cp1252", "\x96", 0, "\xe2\x80\x93" },
	/* C1 controls of ISO-8859-1 are dropped. */
	{ "iso-8859-1", "a\x85" "b", 0, "ab" },
	/* UTF-16 with either byte order mark. */
	{ "utf-16", "\xff\xfe" "a\0b\0", 6, "ab" },
	{ "UTF-16", "\xfe\xff" "\0a\0b", 6, "ab" },
	{ "utf-16", "\xff\xfe" "\xe9\0", 4, "\xc3\xa9" },
	{ "utf-16le", "K\0T\0P\0", 6, "KTP" },
	/* Invalid UTF-8 becomes U+FFFD, valid text stays. */
	{ "utf-8", "a\xff" "b", 0, "a\xef\xbf\xbd" "b" },
	{ "UTF8", "\xc3\xa9", 0, "\xc3\xa9" },
	{ "utf-8", "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd" },	/* overlong */
	{ "utf-8", "\xed\xa0\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },		/* surrogate */
	{ "utf-8", "\xf4\x90\x80\x80", 0,			/* > U+10FFFF */
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "utf-8", "\xe2\x82", 0, "\xef\xbf\xbd\xef\xbf\xbd" },	/* truncated */
	/* NUL and controls dropped, tab and newline kept. */
	{ "utf-8", "a\0b\x07" "c\td\ne\r", 10, "ab" "c\td\ne" },
	{ "iso-8859-1", "a\0b", 3, "ab" },
	/* No or unknown charset: UTF-8 if valid, else windows-1252. */
	{ NULL, "Nama : Budi \xc3\xa9", 0, "Nama : Budi \xc3\xa9" },
	{ NULL, "caf\xe9 \x80", 0, "caf\xc3\xa9 \xe2\x82\xac" },
	{ "", "caf\xe9", 0, "caf\xc3\xa9" },
	{ "us-ascii", "caf\xe9", 0, "caf\xc3\xa9" },
	{ "x-no-such-charset", "abc", 0, "abc" },
	{ "x-no-such-charset", "caf\xe9", 0, "caf\xc3\xa9" },
	/* UTF-7 is never decoded: read as ASCII. */
	{ "utf-7", "+ADw-script+AD4-", 0, "+ADw-script+AD4-" },
	{ "UTF-7", "a+AGEAYgBj-", 0, "a+AGEAYgBj-" },
	{ "unicode-1-1-utf-7", "+ADw-", 0, "+ADw-" },
	{ "utf-8", "", 0, "" },
};

static void
test_charset_table(void **state)
{
	size_t i, n;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(cs_rows); i++) {
		n = cs_rows[i].len ? cs_rows[i].len : strlen(cs_rows[i].in);
		got = charset_to_utf8(cs_rows[i].cs, cs_rows[i].in, n);
		if (tl_str(cs_rows[i].cs ? cs_rows[i].cs : "(null)", i,
		    cs_rows[i].in, got, cs_rows[i].want) &&
		    !utf8_valid(got, strlen(got)))
			tl_fail("row %zu: invalid UTF-8", i);
		free(got);
	}
	TL_END();
}

/* A large buffer of every byte value converts to valid UTF-8. */
static void
test_charset_all_bytes(void **state)
{
	static const char *const sets[] = { NULL, "utf-8", "iso-8859-1",
	    "windows-1252", "utf-16", "shift_jis", "utf-7", "koi8-r" };
	char in[256 * 40];
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof in; i++)
		in[i] = (char)(i * 7 + i / 256);
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(sets); i++) {
		got = charset_to_utf8(sets[i], in, sizeof in);
		if (got == NULL) {
			tl_fail("%s: NULL", sets[i] ? sets[i] : "(null)");
			continue;
		}
		if (!utf8_valid(got, strlen(got)))
			tl_fail("%s: invalid UTF-8", sets[i] ? sets[i] :
			    "(null)");
		if (strchr(got, '\r') != NULL)
			tl_fail("%s: CR kept", sets[i] ? sets[i] : "(null)");
		free(got);
	}
	TL_END();
}

/* ---- rfc2231_decode ---------------------------------------------------- */

#define P(n, v)	{ (n), (v) }

static const struct {
	const char		*base;
	struct rfc2231_param	 p[6];
	size_t			 n;
	const char		*want;
} r2231_rows[] = {
	{ "filename", { P("filename*", "UTF-8''Surat%20Permohonan.pdf") },
	    1, "Surat Permohonan.pdf" },
	{ "filename", { P("FILENAME*", "utf-8'id'KTP%20%C3%A9.jpg") },
	    1, "KTP \xc3\xa9.jpg" },
	{ "filename", { P("filename*", "iso-8859-1'en'caf%E9.pdf") },
	    1, "caf\xc3\xa9.pdf" },
	/* Continuations, in order and in any order. */
	{ "filename", { P("filename*0*", "UTF-8''SK%20Jabatan%20"),
	    P("filename*1*", "Budi%20Santoso"), P("filename*2", ".pdf") },
	    3, "SK Jabatan Budi Santoso.pdf" },
	{ "filename", { P("filename*2", ".pdf"),
	    P("filename*0*", "UTF-8''SK%20Jabatan%20"),
	    P("filename*1*", "Budi%20Santoso") },
	    3, "SK Jabatan Budi Santoso.pdf" },
	{ "filename", { P("filename*1*", "%C3%A9.pdf"),
	    P("filename*0*", "UTF-8''caf") }, 2, "caf\xc3\xa9.pdf" },
	/* Plain (non-extended) pieces are not %-decoded. */
	{ "filename", { P("filename*0", "a%20b"), P("filename*1", ".pdf") },
	    2, "a%20b.pdf" },
	/* Other parameters are ignored. */
	{ "filename", { P("name*", "UTF-8''other.pdf"),
	    P("filename*", "UTF-8''KTP.jpg"), P("charset", "utf-8") },
	    3, "KTP.jpg" },
	{ "name", { P("filename*", "UTF-8''other.pdf"),
	    P("name*", "UTF-8''SR.pdf") }, 2, "SR.pdf" },
	/* A gap: broken. */
	{ "filename", { P("filename*0*", "UTF-8''a"), P("filename*2*", "c") },
	    2, NULL },
	{ "filename", { P("filename*1*", "b"), P("filename*2*", "c") },
	    2, NULL },
	/* No pieces at all. */
	{ "filename", { P("filename", "plain.pdf"), P("name", "x.pdf") },
	    2, NULL },
	{ "filename", { P("filenamex*", "UTF-8''x.pdf") }, 1, NULL },
	{ "filename", { P("filename*x", "UTF-8''x.pdf") }, 1, NULL },
	{ "filename", { { NULL, NULL } }, 0, NULL },
	/* Broken %XX stays as it is. */
	{ "filename", { P("filename*", "UTF-8''a%zz%4") }, 1, "a%zz%4" },
	/* Path traversal is decoded here; filename_clean must remove it. */
	{ "filename", { P("filename*", "UTF-8''%2e%2e%2f%2e%2e%2fetc%2fpasswd") },
	    1, "../../etc/passwd" },
};

static void
test_rfc2231_table(void **state)
{
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(r2231_rows); i++) {
		got = rfc2231_decode(r2231_rows[i].p, r2231_rows[i].n,
		    r2231_rows[i].base);
		tl_str("rfc2231_decode", i, r2231_rows[i].p[0].name, got,
		    r2231_rows[i].want);
		free(got);
	}
	TL_END();
}

/* "%2e%2e%2f" survives decoding but never reaches a directory. */
static void
test_rfc2231_traversal_cleaned(void **state)
{
	static const char *const values[] = {
		"UTF-8''%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"UTF-8''%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
		"UTF-8''..%5c..%5cetc%5cpasswd",
		"UTF-8''%2fetc%2fpasswd",
	};
	struct rfc2231_param p;
	size_t i;
	char *raw, *clean;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(values); i++) {
		p.name = "filename*";
		p.value = values[i];
		raw = rfc2231_decode(&p, 1, "filename");
		clean = filename_clean(raw);
		if (tl_str("clean(rfc2231)", i, values[i], clean, "passwd") &&
		    (strchr(clean, '/') || strchr(clean, '\\')))
			tl_fail("row %zu: separator kept", i);
		free(raw);
		free(clean);
	}
	TL_END();
}

/* n pieces "filename*0".."filename*{n-1}", each with value v. */
static char *
pieces_decode(int n, const char *v)
{
	static struct rfc2231_param p[80];
	static char names[80][24];
	int i;

	for (i = 0; i < n && i < 80; i++) {
		snprintf(names[i], sizeof names[i], "filename*%d", i);
		p[i].name = names[i];
		p[i].value = v;
	}
	return rfc2231_decode(p, (size_t)n, "filename");
}

/* Exactly 64 pieces are fine. */
static void
test_rfc2231_64_pieces(void **state)
{
	char *got = pieces_decode(64, "a");

	(void)state;
	assert_non_null(got);
	assert_int_equal(strlen(got), 64);
	free(got);
}

/* Contract: more than 64 pieces is broken (NULL), not cut short. */
static void
test_rfc2231_65_pieces(void **state)
{
	char *got = pieces_decode(65, "a");

	(void)state;
	if (got != NULL) {
		size_t n = strlen(got);

		free(got);
		fail_msg("65 pieces: got a %zu-byte name, want NULL", n);
	}
}

/* Contract: over 1 KiB is broken (NULL). */
static void
test_rfc2231_over_1k(void **state)
{
	static char big[700];
	char *got;

	(void)state;
	memset(big, 'b', sizeof big - 1);
	got = pieces_decode(2, big);
	if (got != NULL) {
		size_t n = strlen(got);

		free(got);
		fail_msg("1398 bytes: got a %zu-byte name, want NULL", n);
	}
	/* 1024 bytes exactly still fit. */
	memset(big, 'c', 512);
	big[512] = '\0';
	got = pieces_decode(2, big);
	assert_non_null(got);
	assert_int_equal(strlen(got), 1024);
	free(got);
}

/* ---- filename_clean ---------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
} fn_rows[] = {
	{ "../../etc/passwd", "passwd" },
	{ "/etc/passwd", "passwd" },
	{ "C:\\x\\y.pdf", "y.pdf" },
	{ "..\\..\\Windows\\system32\\cmd.exe", "cmd.exe" },
	{ "dir/sub\\mixed/KTP.jpg", "KTP.jpg" },
	{ "KTP Budi.jpg", "KTP Budi.jpg" },
	{ "  Surat   Permohonan.pdf  ", "Surat Permohonan.pdf" },
	{ "KTP\r\nBudi.jpg", "KTP Budi.jpg" },
	{ "KTP\tBudi.jpg", "KTP Budi.jpg" },
	{ "\x1b[31mred.pdf", "[31mred.pdf" },
	{ "caf\xe9.pdf", "caf\xef\xbf\xbd.pdf" },
	{ "Surat Rekomendasi \xc3\xa9.pdf", "Surat Rekomendasi \xc3\xa9.pdf" },
	{ "...", "..." },
	{ ".hidden", ".hidden" },
	/* Nothing left. */
	{ ".", NULL },
	{ "..", NULL },
	{ "", NULL },
	{ "   ", NULL },
	{ "/", NULL },
	{ "etc/", NULL },
	{ "a/..", NULL },
	{ "a\\.", NULL },
	{ "\r\n", NULL },
	{ "\x01\x02", NULL },
	{ " .. ", NULL },
};

static void
test_filename_table(void **state)
{
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(fn_rows); i++) {
		got = filename_clean(fn_rows[i].in);
		tl_str("filename_clean", i, fn_rows[i].in, got,
		    fn_rows[i].want);
		free(got);
	}
	assert_null(filename_clean(NULL));
	TL_END();
}

/* Over 255 bytes: cut to at most 255 on a UTF-8 boundary. */
static void
test_filename_long(void **state)
{
	char in[1024], *got;
	size_t i;

	(void)state;
	/* ASCII: exactly 255 bytes left. */
	memset(in, 'a', 300);
	in[300] = '\0';
	got = filename_clean(in);
	assert_non_null(got);
	assert_int_equal(strlen(got), PL_MAX_NAME);
	free(got);

	/* 254 ASCII then a 2-byte character: the character goes whole. */
	memset(in, 'a', 254);
	memcpy(in + 254, "\xc3\xa9\xc3\xa9", 5);
	got = filename_clean(in);
	assert_non_null(got);
	assert_int_equal(strlen(got), 254);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);

	/* 3-byte characters: 85 of them are 255 bytes. */
	for (i = 0; i < 100; i++)
		memcpy(in + 3 * i, "\xe2\x82\xac", 3);
	in[300] = '\0';
	got = filename_clean(in);
	assert_non_null(got);
	assert_int_equal(strlen(got), 255);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);

	/* 4-byte characters: 63 of them are 252 bytes. */
	for (i = 0; i < 100; i++)
		memcpy(in + 4 * i, "\xf0\x9f\x93\x84", 4);
	in[400] = '\0';
	got = filename_clean(in);
	assert_non_null(got);
	assert_int_equal(strlen(got), 252);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);

	/* A long directory part does not count. */
	memset(in, 'd', 600);
	memcpy(in + 600, "/KTP.jpg", 9);
	got = filename_clean(in);
	assert_string_equal(got, "KTP.jpg");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2047_table),
		cmocka_unit_test(test_rfc2047_always_clean),
		cmocka_unit_test(test_rfc2047_controls_become_spaces),
		cmocka_unit_test(test_rfc2047_utf16),
		cmocka_unit_test(test_charset_table),
		cmocka_unit_test(test_charset_all_bytes),
		cmocka_unit_test(test_rfc2231_table),
		cmocka_unit_test(test_rfc2231_traversal_cleaned),
		cmocka_unit_test(test_rfc2231_64_pieces),
		cmocka_unit_test(test_rfc2231_65_pieces),
		cmocka_unit_test(test_rfc2231_over_1k),
		cmocka_unit_test(test_filename_table),
		cmocka_unit_test(test_filename_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
