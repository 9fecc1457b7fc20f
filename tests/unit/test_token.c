/* test_token: reply tokens: make, check, rotate, addresses, key files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

#include "token.h"

#define RCPT	"verifikator.tte@pekalongankota.go.id"
#define BASE	"layanan.tte@pekalongankota.go.id"
#define EXP	1795000000	/* base 36: top2v4 */
#define NOW	1790000000
/* HMAC key 01 02 ... 20 as id "k1": the known answer from Python's hmac. */
#define KAT	"k1.se-2026-000001.top2v4.wth6keppjssapdovgi5o"
#define H1	"0102030405060708090a0b0c0d0e0f10" \
		"1112131415161718191a1b1c1d1e1f20"
#define H2	"f0e1d2c3b4a5968778695a4b3c2d1e0f" \
		"00112233445566778899aabbccddeeff"

/* A key whose bytes are seed, seed + 1, ... */
static struct token_key
key_of(const char *id, unsigned char seed)
{
	struct token_key k;
	size_t i;

	memset(&k, 0, sizeof k);
	snprintf(k.id, sizeof k.id, "%s", id);
	for (i = 0; i < sizeof k.key; i++)
		k.key[i] = (unsigned char)(seed + i);
	return k;
}

static const char *
vname(long long v)
{
	return token_verdict_name((enum token_verdict)v);
}

static bool
tl_verdict(size_t row, const char *in, enum token_verdict got,
    enum token_verdict want)
{
	if (got == want)
		return true;
	tl_fail("row %zu token_check(\"%s\"): got %s, want %s", row,
	    tl_esc(in), vname(got), vname(want));
	return false;
}

/* Letters, digits, '.', '-' only, at most TOKEN_MAX_LEN. */
static bool
token_chars_ok(const char *t)
{
	size_t len = strlen(t);

	return len > 0 && len <= TOKEN_MAX_LEN && strspn(t,
	    "abcdefghijklmnopqrstuvwxyz0123456789.-") == len;
}

static void
upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* ------------------------------------------------------------ make/check */

/* The format is pinned: Python's hmac computed KAT independently. */
static void
test_token_known_answer(void **state)
{
	struct token_key k = key_of("k1", 1), k2 = key_of("k7q2xa", 1);
	char code[TOKEN_CODE_MAX + 1];
	char *t;

	(void)state;
	t = token_make(&k, "SE-2026-000001",
	    "Verifikator.TTE@PekalonganKota.go.id", EXP);
	assert_non_null(t);
	assert_string_equal(t, KAT);
	assert_int_equal(token_check(&k, 1, t, RCPT, NOW, code, sizeof code),
	    TOKEN_OK);
	assert_string_equal(code, "SE-2026-000001");
	free(t);
	/* The key id is not under the MAC: a key under another id. */
	t = token_make(&k2, "se-2026-000001", RCPT, EXP);
	assert_string_equal(t, "k7q2xa.se-2026-000001.top2v4."
	    "wth6keppjssapdovgi5o");
	free(t);
}

static const struct {
	const char	*id;
	const char	*code;
	const char	*rcpt;
	long long	 expires;
} trip_rows[] = {
	{ "k1", "SE-2026-000001", RCPT, EXP },
	{ "k1", "SE-2026-999999", "budi@pekalongankota.go.id", 1 },
	{ "a", "X", "a@b", 2 },
	{ "abcdefgh", "SE-2026-000001", RCPT, 78364164095LL },
	{ "abcdefgh", "SE-2026-000001", RCPT, 78364164094LL },
	{ "0", "SE-2026-000001", RCPT, 36 },
	{ "z9", "se-2026-000002", "Verifikator@PEKALONGANKOTA.GO.ID", 35 },
	{ "k2", "SE-2027-1000000", RCPT, EXP },		/* a 7-digit serial */
	{ "k1", "SE-2026-000001", "x@y.id", 2147483647LL },
	{ "k1", "SE-2026-000001", "x@y.id", 2147483648LL },	/* past 2038 */
	{ "k1", "SE-2026-000001", "\xc3\xa9l\xc3\xa8ve@\xc3\xa9" "cole.fr",
	    EXP },					/* SMTPUTF8 bytes */
	{ "a", "ABCDEFGHIJKLMNOPQRSTUVW", "x@y", 35 },	/* 23, max */
};

/* Make, then check as the verifier's reply would: OK until expiry. */
static void
trip_row(size_t i)
{
	struct token_key k = key_of(trip_rows[i].id, (unsigned char)(7 * i));
	char code[TOKEN_CODE_MAX + 1], want[TOKEN_CODE_MAX + 1], rcpt[300];
	char *t;
	long long e = trip_rows[i].expires;

	t = token_make(&k, trip_rows[i].code, trip_rows[i].rcpt, (time_t)e);
	if (t == NULL) {
		tl_fail("row %zu token_make(\"%s\"): NULL", i,
		    trip_rows[i].code);
		return;
	}
	if (!token_chars_ok(t))
		tl_fail("row %zu: token \"%s\" has bad characters or length",
		    i, tl_esc(t));
	snprintf(want, sizeof want, "%s", trip_rows[i].code);
	upcase(want);
	tl_verdict(i, t, token_check(&k, 1, t, trip_rows[i].rcpt,
	    (time_t)(e - 1), code, sizeof code), TOKEN_OK);
	tl_str("code", i, t, code, want);
	tl_verdict(i, t, token_check(&k, 1, t, trip_rows[i].rcpt, (time_t)e,
	    code, sizeof code), TOKEN_OK);
	tl_verdict(i, t, token_check(&k, 1, t, trip_rows[i].rcpt,
	    (time_t)(e + 1), code, sizeof code), TOKEN_EXPIRED);
	tl_str("code when expired", i, t, code, "");
	/* The recipient is compared in lower case. */
	snprintf(rcpt, sizeof rcpt, "%s", trip_rows[i].rcpt);
	upcase(rcpt);
	tl_verdict(i, t, token_check(&k, 1, t, rcpt, (time_t)(e - 1), code,
	    sizeof code), TOKEN_OK);
	/* A mail system that upper-cases the local part. */
	upcase(t);
	tl_verdict(i, t, token_check(&k, 1, t, trip_rows[i].rcpt,
	    (time_t)(e - 1), code, sizeof code), TOKEN_OK);
	free(t);
}

static void
test_token_round_trip_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(trip_rows); i++)
		trip_row(i);
	TL_END();
}

/* Arguments token_make must refuse (NULL). */
static const struct {
	const char	*id;
	const char	*code;
	const char	*rcpt;
	long long	 expires;
} make_bad_rows[] = {
	{ "k1", NULL, RCPT, EXP },
	{ "k1", "", RCPT, EXP },
	{ "k1", "SE 2026", RCPT, EXP },
	{ "k1", "SE.2026", RCPT, EXP },
	{ "k1", "SE_2026", RCPT, EXP },
	{ "k1", "SE+2026", RCPT, EXP },
	{ "k1", "SE-2026-\xc3\xa9", RCPT, EXP },
	{ "k1", "ABCDEFGHIJKLMNOPQRSTUVWX", RCPT, EXP },	/* 24 */
	{ "k1", "SE-2026-000001", NULL, EXP },
	{ "k1", "SE-2026-000001", "", EXP },
	{ "k1", "SE-2026-000001", "a b@c", EXP },
	{ "k1", "SE-2026-000001", "a@b\n", EXP },
	{ "k1", "SE-2026-000001", "a@b\x7f", EXP },
	{ "k1", "SE-2026-000001", RCPT, 0 },
	{ "k1", "SE-2026-000001", RCPT, -1 },
	{ "k1", "SE-2026-000001", RCPT, 78364164096LL },	/* 36^7 */
	{ "k1", "SE-2026-000001", RCPT, 9223372036854775807LL },
	{ "", "SE-2026-000001", RCPT, EXP },
	{ "K1", "SE-2026-000001", RCPT, EXP },
	{ "k-1", "SE-2026-000001", RCPT, EXP },
	/* Longer than TOKEN_MAX_LEN: 8 + 15 + 7 + 20 + 3 = 53. */
	{ "abcdefgh", "SE-2026-1000000", RCPT, 78364164095LL },
};

static void
test_token_make_refuses_table(void **state)
{
	struct token_key k;
	char rcpt[TOKEN_MAX_RECIPIENT + 2], code[TOKEN_CODE_MAX + 1];
	char *t;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(make_bad_rows); i++) {
		k = key_of("k1", 1);
		snprintf(k.id, sizeof k.id, "%s", make_bad_rows[i].id);
		t = token_make(&k, make_bad_rows[i].code, make_bad_rows[i].rcpt,
		    (time_t)make_bad_rows[i].expires);
		tl_str("token_make", i, make_bad_rows[i].code, t, NULL);
		free(t);
	}
	/* No key; a recipient of 255 bytes (254 is fine). */
	tl_str("token_make", i, "(no key)", token_make(NULL, "SE-1", RCPT,
	    EXP), NULL);
	k = key_of("k1", 1);
	memset(rcpt, 'a', sizeof rcpt - 1);
	rcpt[sizeof rcpt - 1] = '\0';
	tl_str("token_make", i, "(255-byte recipient)", token_make(&k, "SE-1",
	    rcpt, EXP), NULL);
	rcpt[TOKEN_MAX_RECIPIENT] = '\0';
	t = token_make(&k, "SE-1", rcpt, EXP);
	if (t == NULL)
		tl_fail("254-byte recipient refused");
	else
		tl_verdict(i, t, token_check(&k, 1, t, rcpt, NOW, code,
		    sizeof code), TOKEN_OK);
	free(t);
	TL_END();
}

/* Every one-character change of token t: substituted, dropped, added. */
static void
mutate_all(const struct token_key *k, const char *t, size_t *tried)
{
	char m[TOKEN_MAX_LEN + 8], code[TOKEN_CODE_MAX + 1];
	static const char add[] = "abcdefghijklmnopqrstuvwxyz0123456789.-";
	size_t len = strlen(t), i, j;
	int c;

	for (i = 0; i < len; i++) {
		for (c = 0; c < 256; c++) {
			if (tolower(c) == tolower((unsigned char)t[i]))
				continue;	/* the same token, folded */
			memcpy(m, t, len + 1);
			m[i] = (char)c;
			if (token_check(k, 1, m, RCPT, NOW, code, sizeof code)
			    == TOKEN_OK)
				tl_fail("substituted %zu by 0x%02x: \"%s\" OK",
				    i, c, tl_esc(m));
			(*tried)++;
		}
		/* Dropped. */
		memcpy(m, t, i);
		memcpy(m + i, t + i + 1, len - i);
		if (token_check(k, 1, m, RCPT, NOW, code, sizeof code) ==
		    TOKEN_OK)
			tl_fail("dropped %zu: \"%s\" OK", i, tl_esc(m));
		(*tried)++;
	}
	for (i = 0; i <= len; i++)
		for (j = 0; add[j]; j++) {
			memcpy(m, t, i);
			m[i] = add[j];
			memcpy(m + i + 1, t + i, len - i + 1);
			if (token_check(k, 1, m, RCPT, NOW, code, sizeof code)
			    == TOKEN_OK)
				tl_fail("inserted '%c' at %zu: \"%s\" OK",
				    add[j], i, tl_esc(m));
			(*tried)++;
		}
}

static void
test_token_mutations(void **state)
{
	struct token_key k1 = key_of("k1", 1), k8 = key_of("abcdefgh", 9);
	size_t tried = 0;
	char *t;

	(void)state;
	TL_BEGIN();
	mutate_all(&k1, KAT, &tried);
	/* The longest token: 8-char id, 14-char code, 7-digit expiry. */
	t = token_make(&k8, "SE-2026-000001", RCPT, 78364164095LL);
	assert_non_null(t);
	assert_int_equal(strlen(t), TOKEN_MAX_LEN);
	mutate_all(&k8, t, &tried);
	free(t);
	print_message("  %zu mutations, none accepted\n", tried);
	TL_END();
}

/* token_check against key k1 (bytes 01..20) and the KAT. */
static const struct {
	const char		*token;
	const char		*rcpt;
	long long		 now;
	enum token_verdict	 want;
} check_rows[] = {
	{ KAT, RCPT, NOW, TOKEN_OK },
	{ "K1.SE-2026-000001.TOP2V4.WTH6KEPPJSSAPDOVGI5O", RCPT, NOW,
	    TOKEN_OK },
	{ "k1.Se-2026-000001.tOp2V4.wTh6kePpjsSapdovgi5O", RCPT, NOW,
	    TOKEN_OK },
	{ KAT, "VERIFIKATOR.TTE@PEKALONGANKOTA.GO.ID", NOW, TOKEN_OK },
	{ KAT, RCPT, EXP, TOKEN_OK },
	{ KAT, RCPT, 0, TOKEN_OK },
	{ KAT, RCPT, -5, TOKEN_OK },
	/* Expired. */
	{ KAT, RCPT, EXP + 1LL, TOKEN_EXPIRED },
	{ KAT, RCPT, 9223372036854775807LL, TOKEN_EXPIRED },
	/* Someone else replies with it (forwarded): same as forged. */
	{ KAT, "atasan@pekalongankota.go.id", NOW, TOKEN_BAD_MAC },
	{ KAT, "verifikator.tte@pekalongankota.go.id.evil.example", NOW,
	    TOKEN_BAD_MAC },
	{ KAT, "verifikator.tte@pekalongankota.go.i", NOW, TOKEN_BAD_MAC },
	{ KAT, "<" RCPT ">", NOW, TOKEN_BAD_MAC },
	{ KAT, RCPT " ", NOW, TOKEN_BAD_MAC },
	{ KAT, "", NOW, TOKEN_BAD_MAC },
	{ KAT, NULL, NOW, TOKEN_BAD_MAC },
	/* A forged or expired-then-forged token: the MAC is checked first. */
	{ "k1.se-2026-000001.top2v5.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_BAD_MAC },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi5p", RCPT, EXP + 9LL,
	    TOKEN_BAD_MAC },
	{ "k1.se-2026-000002.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_BAD_MAC },
	{ "k1.se-2026-000001.zzzzzzz.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_BAD_MAC },
	{ "k1.se-2026-000001.1.aaaaaaaaaaaaaaaaaaaa", RCPT, NOW,
	    TOKEN_BAD_MAC },
	{ "k1.x.1.aaaaaaaaaaaaaaaaaaaa", RCPT, NOW, TOKEN_BAD_MAC },
	/* Key ids not loaded. */
	{ "k2.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_UNKNOWN_KEY },
	{ "k.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_UNKNOWN_KEY },
	{ "k10.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_UNKNOWN_KEY },
	/* Malformed: empty, NULL, fields missing, extra or empty. */
	{ "", RCPT, NOW, TOKEN_MALFORMED },
	{ NULL, RCPT, NOW, TOKEN_MALFORMED },
	{ ".", RCPT, NOW, TOKEN_MALFORMED },
	{ "...", RCPT, NOW, TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4", RCPT, NOW, TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi5o.x", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ ".k1.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ KAT ".", RCPT, NOW, TOKEN_MALFORMED },
	{ "k1..top2v4.wth6keppjssapdovgi5o", RCPT, NOW, TOKEN_MALFORMED },
	{ ".se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001..wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.", RCPT, NOW, TOKEN_MALFORMED },
	{ "k1-se-2026-000001-top2v4-wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* Bad key id: 9 characters, a dash, not ASCII. */
	{ "abcdefghi.se-1.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k-1.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k\xc3\xa9.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* Bad code characters. */
	{ "k1.se_2026_000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se+2026.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se 2026.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* Expiry: leading zero (a second spelling), 8 digits, not base 36. */
	{ "k1.se-2026-000001.0top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.0.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.zzzzzzzz.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-1.100000000000000000000.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.-top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v-.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* MAC: 19 or 21 digits, outside the base32 alphabet (0 1 8 9 -). */
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi5", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ KAT "a", RCPT, NOW, TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi50", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi51", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi58", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi5-", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6keppjssapdovgi5=", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* Garbage around it, control characters, a NUL cutting it short. */
	{ KAT "\n", RCPT, NOW, TOKEN_MALFORMED },
	{ " " KAT, RCPT, NOW, TOKEN_MALFORMED },
	{ "<" KAT ">", RCPT, NOW, TOKEN_MALFORMED },
	{ "layanan.tte+" KAT, RCPT, NOW, TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6kepp\0jssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.se-2026-000001.top2v4.wth6kepp\tjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "\xef\xbb\xbf" KAT, RCPT, NOW, TOKEN_MALFORMED },
	{ "=?utf-8?q?" KAT "?=", RCPT, NOW, TOKEN_MALFORMED },
	{ "%6b1.se-2026-000001.top2v4.wth6keppjssapdovgi5o", RCPT, NOW,
	    TOKEN_MALFORMED },
	/* Longer than TOKEN_MAX_LEN (53, 200 characters). */
	{ "abcdefgh.se-2026-1000000.zzzzzzz.aaaaaaaaaaaaaaaaaaaa", RCPT, NOW,
	    TOKEN_MALFORMED },
	{ "k1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.top2v4."
	  "wth6keppjssapdovgi5o", RCPT, NOW, TOKEN_MALFORMED },
};

static void
test_token_check_table(void **state)
{
	struct token_key k = key_of("k1", 1);
	char code[TOKEN_CODE_MAX + 1];
	enum token_verdict v;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(check_rows); i++) {
		memset(code, 'x', sizeof code);
		v = token_check(&k, 1, check_rows[i].token, check_rows[i].rcpt,
		    (time_t)check_rows[i].now, code, sizeof code);
		tl_verdict(i, check_rows[i].token, v, check_rows[i].want);
		tl_str("code", i, check_rows[i].token, code,
		    v == TOKEN_OK ? "SE-2026-000001" : "");
	}
	TL_END();
}

/* The code out: it must fit, and is "" on failure. */
static void
test_token_check_code_buffer(void **state)
{
	struct token_key k = key_of("k1", 1);
	char code[TOKEN_CODE_MAX + 1];

	(void)state;
	assert_int_equal(token_check(&k, 1, KAT, RCPT, NOW, code, 14),
	    TOKEN_MALFORMED);
	assert_string_equal(code, "");
	assert_int_equal(token_check(&k, 1, KAT, RCPT, NOW, code, 15),
	    TOKEN_OK);
	assert_string_equal(code, "SE-2026-000001");
	assert_int_equal(token_check(&k, 1, KAT, RCPT, NOW, NULL, 0),
	    TOKEN_MALFORMED);
	assert_int_equal(token_check(&k, 1, KAT, RCPT, NOW, code, 0),
	    TOKEN_MALFORMED);
}

/* Any listed key verifies; only while it is listed; under its own id. */
static void
test_token_rotation(void **state)
{
	struct token_key old = key_of("old", 40), cur = key_of("new", 80);
	struct token_key both[2], only_new[1], impostor[2];
	char code[TOKEN_CODE_MAX + 1];
	char *t_old, *t_new;

	(void)state;
	t_old = token_make(&old, "SE-2026-000007", RCPT, EXP);
	assert_non_null(t_old);
	both[0] = cur;
	both[1] = old;
	only_new[0] = cur;
	t_new = token_make(&both[0], "SE-2026-000008", RCPT, EXP);
	assert_non_null(t_new);
	assert_int_equal(strncmp(t_new, "new.", 4), 0);
	assert_int_equal(token_check(both, 2, t_old, RCPT, NOW, code,
	    sizeof code), TOKEN_OK);
	assert_string_equal(code, "SE-2026-000007");
	assert_int_equal(token_check(both, 2, t_new, RCPT, NOW, code,
	    sizeof code), TOKEN_OK);
	assert_string_equal(code, "SE-2026-000008");
	/* The old key removed: its tokens die, the new ones live. */
	assert_int_equal(token_check(only_new, 1, t_old, RCPT, NOW, code,
	    sizeof code), TOKEN_UNKNOWN_KEY);
	assert_int_equal(token_check(only_new, 1, t_new, RCPT, NOW, code,
	    sizeof code), TOKEN_OK);
	/* A different key under the old id: the MAC fails. */
	impostor[0] = cur;
	impostor[1] = key_of("old", 41);
	assert_int_equal(token_check(impostor, 2, t_old, RCPT, NOW, code,
	    sizeof code), TOKEN_BAD_MAC);
	/* No keys at all. */
	assert_int_equal(token_check(both, 0, t_old, RCPT, NOW, code,
	    sizeof code), TOKEN_UNKNOWN_KEY);
	assert_int_equal(token_check(NULL, 2, t_old, RCPT, NOW, code,
	    sizeof code), TOKEN_UNKNOWN_KEY);
	free(t_old);
	free(t_new);
}

static void
test_token_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(token_verdict_name(TOKEN_OK), "ok");
	assert_string_equal(token_verdict_name(TOKEN_MALFORMED), "malformed");
	assert_string_equal(token_verdict_name(TOKEN_UNKNOWN_KEY),
	    "unknown_key");
	assert_string_equal(token_verdict_name(TOKEN_BAD_MAC), "bad_mac");
	assert_string_equal(token_verdict_name(TOKEN_EXPIRED), "expired");
	assert_string_equal(token_verdict_name((enum token_verdict)99), "?");
}

/* ------------------------------------------------------------- addresses */

static const struct {
	const char	*base;
	const char	*token;
	const char	*want;		/* NULL: refused */
} address_rows[] = {
	{ BASE, KAT, "layanan.tte+" KAT "@pekalongankota.go.id" },
	{ "a@b", "x", "a+x@b" },
	{ "a.b.c@d.e", "T-1.X", "a.b.c+T-1.X@d.e" },
	/* The longest token after "layanan.tte+": 64 bytes exactly. */
	{ BASE, "abcdefgh.se-2026-000001.zzzzzzz.aaaaaaaaaaaaaaaaaaaa",
	    "layanan.tte+abcdefgh.se-2026-000001.zzzzzzz.aaaaaaaaaaaaaaaaaaaa"
	    "@pekalongankota.go.id" },
	/* One more byte of local part: 65. */
	{ "layanan.ttex@pekalongankota.go.id",
	    "abcdefgh.se-2026-000001.zzzzzzz.aaaaaaaaaaaaaaaaaaaa", NULL },
	{ BASE, "abcdefgh.se-2026-0000001.zzzzzzz.aaaaaaaaaaaaaaaaaaaa", NULL },
	/* Bad bases. */
	{ NULL, KAT, NULL },
	{ "", KAT, NULL },
	{ "layanan.tte", KAT, NULL },
	{ "@pekalongankota.go.id", KAT, NULL },
	{ "layanan.tte@", KAT, NULL },
	{ "a@b@c", KAT, NULL },
	{ "layanan.tte+old@pekalongankota.go.id", KAT, NULL },
	/* Bad tokens. */
	{ BASE, NULL, NULL },
	{ BASE, "", NULL },
	{ BASE, ".x", NULL },
	{ BASE, "x.", NULL },
	{ BASE, "x..y", NULL },
	{ BASE, "a+b", NULL },
	{ BASE, "a@b", NULL },
	{ BASE, "a b", NULL },
	{ BASE, "a\"b", NULL },
	{ BASE, "a\nb", NULL },
	{ BASE, "\xc3\xa9", NULL },
};

static void
test_token_address_table(void **state)
{
	char *got;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(address_rows); i++) {
		got = token_address(address_rows[i].base,
		    address_rows[i].token);
		tl_str("token_address", i, address_rows[i].token, got,
		    address_rows[i].want);
		free(got);
	}
	TL_END();
}

#define LONGTOK	"abcdefgh.se-2026-000001.zzzzzzz.aaaaaaaaaaaaaaaaaaaa"

static const struct {
	const char	*addr;
	size_t		 size;
	const char	*want;		/* NULL: -1 */
} from_rows[] = {
	{ "layanan.tte+" KAT "@pekalongankota.go.id", 64, KAT },
	{ "LAYANAN.TTE+K1.SE-2026-000001.TOP2V4.WTH6KEPPJSSAPDOVGI5O"
	    "@PEKALONGANKOTA.GO.ID", 64, KAT },
	{ "<layanan.tte+" KAT "@pekalongankota.go.id>", 64, KAT },
	{ "Layanan TTE <layanan.tte+" KAT "@pekalongankota.go.id>", 64, KAT },
	{ "\"Layanan <TTE>\" <layanan.tte+" KAT "@pekalongankota.go.id>", 64,
	    KAT },
	{ "\"a@b+c\" <layanan.tte+" KAT "@pekalongankota.go.id>", 64, KAT },
	{ "  <  layanan.tte+" KAT "@pekalongankota.go.id  >  ", 64, KAT },
	{ "  layanan.tte+" KAT "@pekalongankota.go.id\t", 64, KAT },
	{ "a+x@b", 64, "x" },
	{ "a+b+c@d", 64, NULL },	/* '+' is no token character */
	{ "layanan.tte+" LONGTOK "@x", 64, LONGTOK },
	{ "layanan.tte+" LONGTOK "@x", 53, LONGTOK },
	{ "layanan.tte+" LONGTOK "@x", 52, NULL },
	{ "layanan.tte+" LONGTOK "a@x", 64, NULL },	/* 53 */
	/* No token. */
	{ "layanan.tte@pekalongankota.go.id", 64, NULL },
	{ "layanan.tte+@pekalongankota.go.id", 64, NULL },
	{ "layanan.tte@pekalongan+kota.go.id", 64, NULL },
	{ "layanan.tte+x", 64, NULL },
	{ "", 64, NULL },
	{ NULL, 64, NULL },
	{ "<>", 64, NULL },
	{ "Name <layanan.tte+x@y", 64, NULL },
	/* Characters a token never has. */
	{ "\"layanan.tte+x\"@y", 64, NULL },
	{ "layanan.tte+x y@z", 64, NULL },
	{ "layanan.tte+x_y@z", 64, NULL },
	{ "layanan.tte+x\xc3\xa9@z", 64, NULL },
	{ "layanan.tte+x\n@z", 64, NULL },
	{ "layanan.tte+x(c)@z", 64, NULL },
	{ "a+x@b", 0, NULL },
	{ "a+x@b", 1, NULL },
	{ "a+x@b", 2, "x" },
};

static void
test_token_from_address_table(void **state)
{
	char tok[64], *big;
	const char *got;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(from_rows); i++) {
		memset(tok, 'x', sizeof tok);
		got = token_from_address(from_rows[i].addr, tok,
		    from_rows[i].size) == 0 ? tok : NULL;
		tl_str("token_from_address", i, from_rows[i].addr, got,
		    from_rows[i].want);
		if (got == NULL && from_rows[i].size > 0 && tok[0] != '\0')
			tl_fail("row %zu: token not emptied", i);
	}
	/* A display name of a megabyte is refused before any scanning. */
	big = malloc(1 << 20);
	assert_non_null(big);
	memset(big, 'a', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	memcpy(big + (1 << 20) - 20, "<a+x@b>", 8);
	tl_int("token_from_address", i, "(1 MiB)", token_from_address(big, tok,
	    sizeof tok), -1);
	free(big);
	TL_END();
}

/* The path a reply takes: Reply-To made, then read back lower-cased. */
static void
test_token_address_round_trip(void **state)
{
	struct token_key k = key_of("k1", 1);
	char tok[TOKEN_MAX_LEN + 1], code[TOKEN_CODE_MAX + 1], *t, *a, *p;

	(void)state;
	t = token_make(&k, "SE-2026-000123", RCPT, EXP);
	assert_non_null(t);
	a = token_address(BASE, t);
	assert_non_null(a);
	assert_true(strchr(a, '@') - a <= TOKEN_MAX_LOCAL);
	for (p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	assert_int_equal(token_from_address(a, tok, sizeof tok), 0);
	assert_string_equal(tok, t);
	assert_int_equal(token_check(&k, 1, tok, RCPT, NOW, code, sizeof code),
	    TOKEN_OK);
	assert_string_equal(code, "SE-2026-000123");
	upcase(a);
	assert_int_equal(token_from_address(a, tok, sizeof tok), 0);
	assert_int_equal(token_check(&k, 1, tok, RCPT, NOW, code, sizeof code),
	    TOKEN_OK);
	free(a);
	free(t);
}

/* -------------------------------------------------------------- key files */

static const struct {
	const char	*text;
	unsigned	 mode;
	size_t		 n;		/* keys; 0: must fail */
	const char	*first;		/* the signing key's id, or why */
} keyfile_rows[] = {
	{ "k1 " H1 "\n", 0600, 1, "k1" },
	{ "k1 " H1, 0600, 1, "k1" },			/* no final newline */
	{ "k1 " H1 "\r\n", 0600, 1, "k1" },
	{ "k1\t\t" H1 "  \t\n", 0600, 1, "k1" },
	{ "   k1 " H1 "\n", 0600, 1, "k1" },
	{ "abcdefgh 0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C"
	    "1D1E1F20\n", 0600, 1, "abcdefgh" },
	{ "# keys\n\n  # indented comment\nnew " H2 "\n\nold " H1 "\n", 0600, 2,
	    "new" },
	{ "a " H1 "\nb " H1 "\nc " H1 "\nd " H1 "\ne " H1 "\nf " H1 "\ng " H1
	    "\nh " H1 "\n", 0600, 8, "a" },
	{ "k1 " H1 "\n", 0400, 1, "k1" },
	{ "k1 " H1 "\n", 0700, 1, "k1" },
	/* Open to group or others. */
	{ "k1 " H1 "\n", 0644, 0, "mode 0644" },
	{ "k1 " H1 "\n", 0640, 0, "mode 0640" },
	{ "k1 " H1 "\n", 0604, 0, "mode 0604" },
	{ "k1 " H1 "\n", 0620, 0, "chmod 600" },
	{ "k1 " H1 "\n", 0601, 0, "group or others" },
	/* Nothing in it. */
	{ "", 0600, 0, "no key" },
	{ "\n\n  \n", 0600, 0, "no key" },
	{ "# only a comment\n", 0600, 0, "no key" },
	/* Bad lines, with their numbers. */
	{ "k1 " H1 "\nk2 " H1 "x\n", 0600, 0, "line 2: key is not 64 hex" },
	{ "k1 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2"
	    "\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	    "21\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 g102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	    "\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 0x02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	    "\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 0102030405060708 090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	    "\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "k1 " H1 " # signing key\n", 0600, 0, "line 1: key is not 64 hex" },
	{ "\n# c\n\nK1 " H1 "\n", 0600, 0, "line 4: bad key id" },
	{ "k_1 " H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "k-1 " H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "abcdefghi " H1 "\n", 0600, 0, "line 1: bad key id" },
	{ H1 "\n", 0600, 0, "line 1: bad key id" },
	{ " " H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "k\xc3\xa9 " H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "k1:" H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "k1=" H1 "\n", 0600, 0, "line 1: bad key id" },
	{ "k1 " H1 "\nk1 " H2 "\n", 0600, 0, "line 2: duplicate key id" },
	{ "z 00000000000000000000000000000000000000000000000000000000000000"
	    "00\n", 0600, 0, "line 1: key is all zeros" },
	{ "a " H1 "\nb " H1 "\nc " H1 "\nd " H1 "\ne " H1 "\nf " H1 "\ng " H1
	    "\nh " H1 "\ni " H1 "\n", 0600, 0, "line 9: more than 8 keys" },
};

/* Write len bytes of text to path with mode (replacing the file). */
static void
write_file(const char *path, const char *text, size_t len, unsigned mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, (mode_t)mode), 0);
	assert_int_equal(close(fd), 0);
}

static void
keyfile_row(const char *path, size_t i)
{
	struct token_key keys[TOKEN_MAX_KEYS];
	char why[256];
	size_t n = 99;
	int rc;

	write_file(path, keyfile_rows[i].text, strlen(keyfile_rows[i].text),
	    keyfile_rows[i].mode);
	rc = token_keys_load(path, keys, &n, why, sizeof why);
	if (keyfile_rows[i].n == 0) {
		tl_int("token_keys_load", i, keyfile_rows[i].text, rc, -1);
		tl_int("n", i, keyfile_rows[i].text, (long long)n, 0);
		if (strstr(why, keyfile_rows[i].first) == NULL)
			tl_fail("row %zu: why \"%s\" lacks \"%s\"", i,
			    tl_esc(why), keyfile_rows[i].first);
		/* The key never appears in the message. */
		if (strstr(why, "0102030405") != NULL)
			tl_fail("row %zu: why quotes the key", i);
		return;
	}
	if (!tl_int("token_keys_load", i, keyfile_rows[i].text, rc, 0)) {
		print_error("    why: %s\n", why);
		return;
	}
	tl_int("n", i, keyfile_rows[i].text, (long long)n,
	    (long long)keyfile_rows[i].n);
	tl_str("first id", i, keyfile_rows[i].text, keys[0].id,
	    keyfile_rows[i].first);
}

static void
test_token_keyfile_table(void **state)
{
	char *dir = tl_tmpdir(), path[4200];
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/keys", dir);
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(keyfile_rows); i++)
		keyfile_row(path, i);
	tl_rmtree(dir);
	free(dir);
	TL_END();
}

/* The bytes read are the bytes MAC'd: a file key signs like key_of(). */
static void
test_token_keyfile_keys(void **state)
{
	struct token_key keys[TOKEN_MAX_KEYS], k1 = key_of("k1", 1);
	char *dir = tl_tmpdir(), path[4200], why[256], *t;
	char code[TOKEN_CODE_MAX + 1];
	static const char nul[] = "k1 " H1 "\n\0k2 " H1 "\n";
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/keys", dir);
	write_file(path, "new " H2 "\nk1 " H1 "\n", 137, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(keys[1].key, k1.key, TOKEN_KEY_LEN);
	assert_int_equal(keys[0].key[0], 0xf0);
	assert_int_equal(keys[0].key[31], 0xff);
	assert_int_equal(token_check(keys, n, KAT, RCPT, NOW, code,
	    sizeof code), TOKEN_OK);
	t = token_make(&keys[0], "SE-2026-000001", RCPT, EXP);
	assert_int_equal(strncmp(t, "new.", 4), 0);
	free(t);
	/* A NUL byte in the file is a bad line, not the end of the file. */
	write_file(path, nul, sizeof nul - 1, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), -1);
	assert_non_null(strstr(why, "line 2: bad key id"));
	/* Too big, missing, a directory, no why buffer. */
	t = malloc(TOKEN_KEYFILE_MAX + 1);
	memset(t, '\n', TOKEN_KEYFILE_MAX + 1);
	memcpy(t, "k1 " H1 "\n", 68);
	write_file(path, t, TOKEN_KEYFILE_MAX + 1, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), -1);
	assert_non_null(strstr(why, "larger than"));
	write_file(path, t, TOKEN_KEYFILE_MAX, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), 0);
	free(t);
	assert_int_equal(token_keys_load(path, keys, &n, NULL, 0), 0);
	unlink(path);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), -1);
	assert_non_null(strstr(why, "No such file"));
	assert_int_equal(token_keys_load(path, keys, &n, NULL, 0), -1);
	assert_int_equal(token_keys_load(dir, keys, &n, why, sizeof why), -1);
	assert_non_null(strstr(why, "not a regular file"));
	assert_int_equal(token_keys_load(NULL, keys, &n, why, sizeof why), -1);
	/* A why cut short is still a string. */
	write_file(path, "k1\n", 3, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, 5), -1);
	assert_string_equal(why, "line");
	tl_rmtree(dir);
	free(dir);
}

/* First setup: a new private file with one key that signs and verifies. */
static void
test_token_keys_generate(void **state)
{
	struct token_key keys[TOKEN_MAX_KEYS], again[TOKEN_MAX_KEYS];
	char *dir = tl_tmpdir(), path[4200], path2[4200], why[256];
	char code[TOKEN_CODE_MAX + 1], *t;
	struct stat sb;
	size_t n, n2;

	(void)state;
	snprintf(path, sizeof path, "%s/keys", dir);
	snprintf(path2, sizeof path2, "%s/keys2", dir);
	assert_int_equal(token_keys_generate(path, TOKEN_KEYS_COMMENT), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(token_keys_load(path, keys, &n, why, sizeof why), 0);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(keys[0].id), 6);
	assert_int_equal(strspn(keys[0].id,
	    "abcdefghijklmnopqrstuvwxyz0123456789"), 6);
	t = token_make(&keys[0], "SE-2026-000001", RCPT, EXP);
	assert_non_null(t);
	assert_int_equal(token_check(keys, n, t, RCPT, NOW, code, sizeof code),
	    TOKEN_OK);
	free(t);
	/* Never overwrites: the old key would be lost. */
	errno = 0;
	assert_int_equal(token_keys_generate(path, TOKEN_KEYS_COMMENT), -1);
	assert_int_equal(errno, EEXIST);
	/* Two files, two different keys. */
	assert_int_equal(token_keys_generate(path2, TOKEN_KEYS_COMMENT), 0);
	assert_int_equal(token_keys_load(path2, again, &n2, why, sizeof why),
	    0);
	assert_true(memcmp(keys[0].key, again[0].key, TOKEN_KEY_LEN) != 0);
	assert_int_equal(token_keys_generate("/nonexistent/dir/keys",
	    TOKEN_KEYS_COMMENT), -1);
	assert_int_equal(errno, ENOENT);
	tl_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_known_answer),
		cmocka_unit_test(test_token_round_trip_table),
		cmocka_unit_test(test_token_make_refuses_table),
		cmocka_unit_test(test_token_mutations),
		cmocka_unit_test(test_token_check_table),
		cmocka_unit_test(test_token_check_code_buffer),
		cmocka_unit_test(test_token_rotation),
		cmocka_unit_test(test_token_verdict_names),
		cmocka_unit_test(test_token_address_table),
		cmocka_unit_test(test_token_from_address_table),
		cmocka_unit_test(test_token_address_round_trip),
		cmocka_unit_test(test_token_keyfile_table),
		cmocka_unit_test(test_token_keyfile_keys),
		cmocka_unit_test(test_token_keys_generate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
