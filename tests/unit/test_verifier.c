/* test_verifier: the verifier's command above the quote; DKIM/DMARC. */
#include "testlib.h"

#include "pipeline.h"
#include "util.h"
#include "xmem.h"
#include "verifier.h"

#define BOM	"\xef\xbb\xbf"
#define NBSP	"\xc2\xa0"
#define ZWSP	"\xe2\x80\x8b"
#define ENDASH	"\xe2\x80\x93"
#define EMDASH	"\xe2\x80\x94"
#define REPLYTO	"layanan.tte+k1.se-2026-000001.top2v4.wth6keppjssapdovgi5o" \
		"@pekalongankota.go.id"
#define QUOTED	"> Yth. Verifikator,\n> Balas SETUJU atau TOLAK <alasan>.\n"

static const char *
cname(long long c)
{
	return verifier_command_name((enum vcmd)c);
}

/* ------------------------------------------------------------- commands */

static const struct {
	const char	*body;
	enum vcmd	 want;
	const char	*reason;	/* VCMD_REJECT only */
} cmd_rows[] = {
	/* The words alone, any case, trailing punctuation and blanks. */
	{ "SETUJU", VCMD_APPROVE, NULL },
	{ "setuju\n", VCMD_APPROVE, NULL },
	{ "Setuju.", VCMD_APPROVE, NULL },
	{ "SETUJU!", VCMD_APPROVE, NULL },
	{ "SETUJU!!!", VCMD_APPROVE, NULL },
	{ "SETUJU .", VCMD_APPROVE, NULL },
	{ "  SETUJU \t ", VCMD_APPROVE, NULL },
	{ "sEtUjU;", VCMD_APPROVE, NULL },
	{ "*SETUJU*", VCMD_APPROVE, NULL },		/* Gmail's bold */
	{ "APPROVE", VCMD_APPROVE, NULL },
	{ "approve.", VCMD_APPROVE, NULL },
	{ "Approve!", VCMD_APPROVE, NULL },
	{ "TERBIT", VCMD_ISSUED, NULL },
	{ "terbit.", VCMD_ISSUED, NULL },
	{ "ISSUED", VCMD_ISSUED, NULL },
	{ "Issued\r\n", VCMD_ISSUED, NULL },
	/* Chatty, questions, other words: no command. */
	{ "setuju ya", VCMD_NONE, NULL },
	{ "Setuju?", VCMD_NONE, NULL },
	{ "Setuju, tapi cek lagi NIK-nya", VCMD_NONE, NULL },
	{ "SETUJUI", VCMD_NONE, NULL },
	{ "Disetujui", VCMD_NONE, NULL },
	{ "SETUJU2", VCMD_NONE, NULL },
	{ "SETUJU \xf0\x9f\x91\x8d", VCMD_NONE, NULL },
	{ "Saya setuju", VCMD_NONE, NULL },
	{ "TIDAK SETUJU", VCMD_NONE, NULL },
	{ "Tidak setuju.", VCMD_NONE, NULL },
	{ "APPROVED", VCMD_NONE, NULL },
	{ "OK", VCMD_NONE, NULL },
	{ "terbit besok", VCMD_NONE, NULL },
	{ "Yth. Tim Layanan TTE,\nSETUJU", VCMD_NONE, NULL },
	{ "<p>SETUJU</p>", VCMD_NONE, NULL },
	{ "\"SETUJU\"", VCMD_NONE, NULL },
	{ "SETUJU\xc3\xa9", VCMD_NONE, NULL },
	/* Only the first line counts. */
	{ "SETUJU\nTOLAK foto buram", VCMD_APPROVE, NULL },
	{ "SETUJU\nTerima kasih.", VCMD_APPROVE, NULL },
	/* TOLAK / REJECT and the reason. */
	{ "TOLAK foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "tolak: foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "TOLAK - foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "TOLAK " ENDASH " foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "TOLAK" EMDASH "foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "TOLAK:foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "Tolak, foto KTP buram.", VCMD_REJECT, "foto KTP buram." },
	{ "TOLAK!! foto KTP buram", VCMD_REJECT, "foto KTP buram" },
	{ "TOLAK   foto    KTP\tburam  ", VCMD_REJECT, "foto KTP buram" },
	{ "REJECT: the KTP scan is blurry", VCMD_REJECT,
	    "the KTP scan is blurry" },
	{ "reject - wrong NIP", VCMD_REJECT, "wrong NIP" },
	{ "TOLAK - - alasan", VCMD_REJECT, "alasan" },
	{ "TOLAK 1. NIK beda", VCMD_REJECT, "1. NIK beda" },
	/* A rejection needs a reason. */
	{ "TOLAK", VCMD_NONE, NULL },
	{ "TOLAK.", VCMD_NONE, NULL },
	{ "TOLAK:", VCMD_NONE, NULL },
	{ "TOLAK -  " NBSP, VCMD_NONE, NULL },
	{ "REJECT\n", VCMD_NONE, NULL },
	{ "TOLAK\n\nFoto KTP buram.", VCMD_NONE, NULL },
	{ "TOLAK\n> foto buram", VCMD_NONE, NULL },
	{ "TOLAK\n-- \nBudi", VCMD_NONE, NULL },
	{ "TOLAK\n\nSent from my iPhone", VCMD_NONE, NULL },
	{ "TOLAK\x01\x02", VCMD_NONE, NULL },
	{ "TOLAKAN", VCMD_NONE, NULL },
	{ "TOLAK2 foto", VCMD_NONE, NULL },
	{ "TOLAK(foto buram)", VCMD_NONE, NULL },
	/* The reason continues on the next lines, up to a blank line. */
	{ "TOLAK\nFoto KTP buram.", VCMD_REJECT, "Foto KTP buram." },
	{ "TOLAK NIK pada formulir\ntidak sama dengan KTP.\n\nSalam,\nBudi",
	    VCMD_REJECT, "NIK pada formulir tidak sama dengan KTP." },
	{ "TOLAK NIK pada formulir\r\ntidak sama dengan KTP.\r\n\r\n" QUOTED,
	    VCMD_REJECT, "NIK pada formulir tidak sama dengan KTP." },
	{ "TOLAK foto buram\n> quoted", VCMD_REJECT, "foto buram" },
	{ "TOLAK foto buram\nSent from my iPhone", VCMD_REJECT, "foto buram" },
	{ "TOLAK foto buram\n-- \nBudi\nVerifikator", VCMD_REJECT,
	    "foto buram" },
	{ "TOLAK foto buram\n--\nBudi", VCMD_REJECT, "foto buram" },
	{ "TOLAK a\rb", VCMD_REJECT, "a b" },
	{ "TOLAK a\n" ZWSP "\nb", VCMD_REJECT, "a" },
	{ "TOLAK a\n" NBSP "\nb", VCMD_REJECT, "a" },
	/* Controls removed, bad UTF-8 replaced, Indonesian text kept. */
	{ "TOLAK foto\tburam\x01\x1b[31m\x7f ok", VCMD_REJECT,
	    "foto buram[31m ok" },
	{ "TOLAK foto \xff buram", VCMD_REJECT, "foto \xef\xbf\xbd buram" },
	{ "TOLAK \xc2\x85" "foto", VCMD_REJECT, "foto" },
	{ "TOLAK pas foto berlatar merah \xe2\x80\x9c" "bukan biru\xe2\x80\x9d",
	    VCMD_REJECT, "pas foto berlatar merah \xe2\x80\x9c" "bukan biru"
	    "\xe2\x80\x9d" },
	/* Invisible characters before the word. */
	{ BOM "SETUJU", VCMD_APPROVE, NULL },
	{ NBSP "SETUJU", VCMD_APPROVE, NULL },
	{ ZWSP "SETUJU", VCMD_APPROVE, NULL },
	{ BOM ZWSP NBSP " \xe2\x80\x8c\xe2\x81\xa0SETUJU" NBSP ZWSP,
	    VCMD_APPROVE, NULL },
	{ "\xe3\x80\x80TERBIT", VCMD_ISSUED, NULL },
	{ BOM "TOLAK" NBSP "foto buram" NBSP, VCMD_REJECT, "foto buram" },
	{ "\xff\xfeSETUJU", VCMD_NONE, NULL },		/* not a BOM in UTF-8 */
	/* Leading blank lines. */
	{ "\n\n\r\n  \n\tSETUJU", VCMD_APPROVE, NULL },
	{ ZWSP "\n" NBSP "\r\n" BOM "\nSETUJU", VCMD_APPROVE, NULL },
	{ "\r\rSETUJU\r", VCMD_APPROVE, NULL },
	/* Gmail. */
	{ "SETUJU\r\n\r\nOn Mon, 21 Nov 2026 at 09:15, Layanan TTE <" REPLYTO
	    "> wrote:\r\n\r\n" QUOTED, VCMD_APPROVE, NULL },
	{ "TOLAK Foto KTP tidak terbaca.\n\nPada Sen, 21 Nov 2026 pukul 09.15 "
	    "Layanan TTE <" REPLYTO "> menulis:\n\n" QUOTED, VCMD_REJECT,
	    "Foto KTP tidak terbaca." },
	{ "TOLAK Foto KTP tidak terbaca.\nPada tanggal Sen, 21 Nov 2026 pukul "
	    "09.15 Layanan TTE <" REPLYTO "> menulis:\n" QUOTED, VCMD_REJECT,
	    "Foto KTP tidak terbaca." },
	{ "TOLAK foto buram\nOn Mon, 21 Nov 2026 at 09:15 Layanan TTE <\n"
	    REPLYTO "> wrote:\n" QUOTED, VCMD_REJECT, "foto buram" },
	{ "TOLAK foto buram\nOn Mon, 21 Nov 2026 at 09:15 Layanan\nTTE <\n"
	    REPLYTO ">\nwrote:\n" QUOTED, VCMD_REJECT, "foto buram" },
	{ "TOLAK On the scan the NIK is cut off\nand unreadable", VCMD_REJECT,
	    "On the scan the NIK is cut off and unreadable" },
	{ "TOLAK foto buram\nOn second thought: the NIK too", VCMD_REJECT,
	    "foto buram On second thought: the NIK too" },
	/* Outlook: the header block, with or without the rule above it. */
	{ "TOLAK SK jabatan kedaluwarsa\r\n\r\n"
	    "________________________________\r\n"
	    "From: Layanan TTE <" REPLYTO ">\r\nSent: Monday, November 21, "
	    "2026 9:15 AM\r\nTo: Verifikator <v@pekalongankota.go.id>\r\n"
	    "Subject: [SE-2026-000001] Verifikasi\r\n\r\n" QUOTED,
	    VCMD_REJECT, "SK jabatan kedaluwarsa" },
	{ "TOLAK SK jabatan\nkedaluwarsa\nFrom: Layanan TTE <x@y>\nSent: "
	    "Monday\nTo: v@y\n", VCMD_REJECT, "SK jabatan kedaluwarsa" },
	{ "TOLAK SK jabatan\nDari: Layanan TTE <x@y>\nDikirim: Senin, 21 "
	    "November 2026 09.15\nKepada: v@y\nPerihal: x\n", VCMD_REJECT,
	    "SK jabatan" },
	{ "TOLAK SK jabatan\nFrom: Layanan TTE <x@y>\n\nDate: Mon\n",
	    VCMD_REJECT, "SK jabatan" },
	{ "TOLAK dari: alamat pribadi, harus e-mail dinas\nFrom: pemohon "
	    "sendiri, bukan atasan", VCMD_REJECT, "dari: alamat pribadi, harus "
	    "e-mail dinas From: pemohon sendiri, bukan atasan" },
	{ "SETUJU\r\n\r\n-----Original Message-----\r\nFrom: Layanan TTE\r\n"
	    "Sent: Monday\r\n\r\n" QUOTED, VCMD_APPROVE, NULL },
	{ "TOLAK foto\n-----Original Message-----\nFrom: x", VCMD_REJECT,
	    "foto" },
	/* Thunderbird. */
	{ "SETUJU\n\nOn 11/21/26 9:15 AM, Layanan TTE wrote:\n" QUOTED,
	    VCMD_APPROVE, NULL },
	{ "TOLAK foto buram\nLayanan TTE wrote:\n" QUOTED, VCMD_REJECT,
	    "foto buram" },
	{ "TOLAK foto buram\nLayanan TTE menulis :\n" QUOTED, VCMD_REJECT,
	    "foto buram" },
	/* Zimbra. */
	{ "TERBIT\n\n----- Original Message -----\nFrom: \"Layanan TTE\" <x@y>"
	    "\nTo: v@y\nSent: Monday\n\n" QUOTED, VCMD_ISSUED, NULL },
	{ "TOLAK NIP salah\n----- Pesan Asli -----\nDari: x\n", VCMD_REJECT,
	    "NIP salah" },
	{ "TOLAK NIP salah\n-------- Pesan Asli --------\n", VCMD_REJECT,
	    "NIP salah" },
	{ "TOLAK NIP salah\n---------- Forwarded message ---------\n",
	    VCMD_REJECT, "NIP salah" },
	/* Phones: the footer under the command is fine. */
	{ "Setuju\n\nSent from my iPhone\n\n> On 21 Nov 2026, at 09:15, "
	    "Layanan TTE <" REPLYTO "> wrote:\n>\n" QUOTED, VCMD_APPROVE,
	    NULL },
	{ "TOLAK foto buram\n\nDikirim dari iPhone saya\n\n> Pada 21 Nov 2026, "
	    "pukul 09.15, Layanan TTE <x@y> menulis:\n" QUOTED, VCMD_REJECT,
	    "foto buram" },
	{ "TOLAK foto buram\nDikirim dari iPhone saya", VCMD_REJECT,
	    "foto buram" },
	{ "TOLAK foto buram\nGet Outlook for Android", VCMD_REJECT,
	    "foto buram" },
	{ "TOLAK foto buram\nSent from my Galaxy", VCMD_REJECT, "foto buram" },
	{ "TOLAK Dikirim dari alamat pribadi\nDikirim dari alamat pribadi, "
	    "bukan dari e-mail dinas", VCMD_REJECT, "Dikirim dari alamat "
	    "pribadi Dikirim dari alamat pribadi, bukan dari e-mail dinas" },
	/* Only a quote, or nothing. */
	{ QUOTED, VCMD_NONE, NULL },
	{ "> SETUJU", VCMD_NONE, NULL },
	{ "  > SETUJU", VCMD_NONE, NULL },
	{ "On Mon, Layanan TTE wrote:\n> SETUJU\n\nSETUJU", VCMD_NONE, NULL },
	{ "-- \nSETUJU", VCMD_NONE, NULL },
	{ "From: Layanan TTE\nSent: Monday\nSETUJU", VCMD_NONE, NULL },
	{ "Sent from my iPhone\n\nSETUJU", VCMD_NONE, NULL },
	{ "", VCMD_NONE, NULL },
	{ NULL, VCMD_NONE, NULL },
	{ "\n\n\n", VCMD_NONE, NULL },
	{ "   \t  ", VCMD_NONE, NULL },
	{ BOM, VCMD_NONE, NULL },
	{ ZWSP NBSP "\r\n" BOM, VCMD_NONE, NULL },
	/* Garbage without NUL. */
	{ "\x01\x02\x03\x04\x05", VCMD_NONE, NULL },
	{ "\xff\xff\xff\xff", VCMD_NONE, NULL },
	{ "\xe2\x80", VCMD_NONE, NULL },
	{ "\xe2", VCMD_NONE, NULL },
	{ "\xc2", VCMD_NONE, NULL },
	{ "=?UTF-8?B?U0VUVUpV?=", VCMD_NONE, NULL },
	{ "U0VUVUpV", VCMD_NONE, NULL },
	{ "S\xcc\xb6" "ETUJU", VCMD_NONE, NULL },
	{ "SETUJU\x00TOLAK", VCMD_APPROVE, NULL },
};

static void
test_verifier_command_table(void **state)
{
	char reason[512];
	enum vcmd c;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(cmd_rows); i++) {
		memset(reason, 'x', sizeof reason);
		c = verifier_command(cmd_rows[i].body, reason, sizeof reason);
		if (c != cmd_rows[i].want)
			tl_fail("row %zu verifier_command(\"%s\"): got %s, "
			    "want %s", i, tl_esc(cmd_rows[i].body), cname(c),
			    cname(cmd_rows[i].want));
		tl_str("reason", i, cmd_rows[i].body, reason,
		    cmd_rows[i].want == VCMD_REJECT ? cmd_rows[i].reason : "");
		if (tl_has_crlf(reason))
			tl_fail("row %zu: reason has a line break", i);
	}
	TL_END();
}

/* The command must be within the first VERIFIER_MAX_LINES lines. */
static void
test_verifier_command_line_cap(void **state)
{
	static const struct {
		size_t		 blanks;
		const char	*eol;
		enum vcmd	 want;
	} rows[] = {
		{ 0, "\n", VCMD_APPROVE },
		{ VERIFIER_MAX_LINES - 1, "\n", VCMD_APPROVE },
		{ VERIFIER_MAX_LINES - 1, "\r\n", VCMD_APPROVE },
		{ VERIFIER_MAX_LINES - 1, "\r", VCMD_APPROVE },
		{ VERIFIER_MAX_LINES, "\n", VCMD_NONE },
		{ VERIFIER_MAX_LINES, "\r\n", VCMD_NONE },
		{ 100000, "\n", VCMD_NONE },
	};
	char *body;
	size_t i, k, at;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		body = xmalloc(rows[i].blanks * 2 + 16);
		for (k = 0, at = 0; k < rows[i].blanks; k++) {
			memcpy(body + at, rows[i].eol, strlen(rows[i].eol));
			at += strlen(rows[i].eol);
		}
		memcpy(body + at, "SETUJU", 7);
		tl_int("verifier_command", i, rows[i].eol,
		    verifier_command(body, NULL, 0), rows[i].want);
		free(body);
	}
	/* A reason is read up to the last line examined, not beyond. */
	body = xmalloc(VERIFIER_MAX_LINES * 2 + 16);
	memcpy(body, "TOLAK a", 7);
	for (k = 1, at = 7; k < VERIFIER_MAX_LINES + 5; k++) {
		body[at++] = '\n';
		body[at++] = 'b';
	}
	body[at] = '\0';
	{
		char reason[512], want[512];

		want[0] = 'a';
		for (k = 1; k < VERIFIER_MAX_LINES; k++)
			memcpy(want + 2 * k - 1, " b", 2);
		want[2 * VERIFIER_MAX_LINES - 1] = '\0';
		tl_int("verifier_command", i, "TOLAK a\\nb...",
		    verifier_command(body, reason, sizeof reason),
		    VCMD_REJECT);
		tl_str("reason", i, "TOLAK a\\nb...", reason, want);
	}
	free(body);
	TL_END();
}

/* Long lines: the reason is cut to size - 1 on a character boundary. */
static void
test_verifier_command_long_lines(void **state)
{
	static char body[100000 + 64];
	char reason[64];
	size_t n = 100000, k;

	(void)state;
	/* A 100 kB reason: cut at 63 bytes. */
	memcpy(body, "TOLAK ", 6);
	memset(body + 6, 'a', n);
	body[6 + n] = '\0';
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_REJECT);
	assert_int_equal(strlen(reason), sizeof reason - 1);
	assert_int_equal(strspn(reason, "a"), sizeof reason - 1);
	/* Two-byte characters: never half of one. */
	memcpy(body, "TOLAK ", 6);
	for (k = 0; k < 200; k++)
		memcpy(body + 6 + 2 * k, "\xc3\xa9", 2);
	body[6 + 400] = '\0';
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_REJECT);
	assert_int_equal(strlen(reason), 62);
	assert_true(utf8_valid(reason, strlen(reason)));
	assert_int_equal(verifier_command(body, reason, 2), VCMD_REJECT);
	assert_string_equal(reason, "");
	assert_int_equal(verifier_command(body, reason, 3), VCMD_REJECT);
	assert_string_equal(reason, "\xc3\xa9");
	/* No room for a reason: the command still counts. */
	assert_int_equal(verifier_command(body, NULL, 0), VCMD_REJECT);
	/* SETUJU then more than a line's worth: what we did not read. */
	memcpy(body, "SETUJU", 6);
	memset(body + 6, ' ', VERIFIER_MAX_LINE + 10);
	memcpy(body + 6 + VERIFIER_MAX_LINE + 10, "tidak", 6);
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_NONE);
	body[6 + VERIFIER_MAX_LINE + 10] = '\0';
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_NONE);
	body[VERIFIER_MAX_LINE] = '\0';
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_APPROVE);
	/* A quote line of 100 kB before the command. */
	memset(body, '>', n);
	memcpy(body + n, "\nSETUJU", 8);
	assert_int_equal(verifier_command(body, reason, sizeof reason),
	    VCMD_NONE);
}

/* Every byte value after the word: only blanks and . ! , ; : * pass. */
static void
test_verifier_command_trailing_bytes(void **state)
{
	char body[16], reason[32];
	enum vcmd c, want;
	int b;

	(void)state;
	TL_BEGIN();
	for (b = 1; b < 256; b++) {
		snprintf(body, sizeof body, "SETUJU%c", b);
		c = verifier_command(body, reason, sizeof reason);
		want = strchr(" \t\v\f\r\n.!,;:*", b) != NULL ? VCMD_APPROVE :
		    VCMD_NONE;
		tl_int("verifier_command", (size_t)b, body, c, want);
	}
	TL_END();
}

static void
test_verifier_command_names(void **state)
{
	(void)state;
	assert_string_equal(verifier_command_name(VCMD_NONE), "none");
	assert_string_equal(verifier_command_name(VCMD_APPROVE), "approve");
	assert_string_equal(verifier_command_name(VCMD_REJECT), "reject");
	assert_string_equal(verifier_command_name(VCMD_ISSUED), "issued");
	assert_string_equal(verifier_command_name((enum vcmd)42), "?");
}

/* ------------------------------------------------ Authentication-Results */

#define MX	"mx.pekalongankota.go.id"

static const struct {
	const char	*what;
	const char	*ar[4];		/* NULL-terminated */
	const char	*id;
	bool		 want;
} auth_rows[] = {
	{ "dkim and dmarc pass", { MX "; dkim=pass "
	    "header.d=pekalongankota.go.id; dmarc=pass "
	    "header.from=pekalongankota.go.id", NULL }, MX, true },
	{ "dmarc pass alone", { MX "; dmarc=pass", NULL }, MX, true },
	{ "dkim pass, no dmarc", { MX "; dkim=pass "
	    "header.i=@pekalongankota.go.id", NULL }, MX, true },
	{ "dkim pass, dmarc none", { MX "; dkim=pass; dmarc=none", NULL }, MX,
	    true },
	{ "dkim neutral, dmarc pass", { MX "; dkim=neutral; dmarc=pass",
	    NULL }, MX, true },
	{ "dkim pass, dmarc fail", { MX "; dkim=pass; dmarc=fail", NULL }, MX,
	    false },
	{ "dmarc fail, dkim pass after", { MX "; dmarc=fail "
	    "(p=reject); dkim=pass", NULL }, MX, false },
	{ "dkim fail, dmarc none", { MX "; dkim=fail; dmarc=none", NULL }, MX,
	    false },
	{ "spf only", { MX "; spf=pass smtp.mailfrom=v@pekalongankota.go.id",
	    NULL }, MX, false },
	{ "arc only", { MX "; arc=pass", NULL }, MX, false },
	{ "none", { MX "; none", NULL }, MX, false },
	{ "none, RFC 7001 style", { MX " none", NULL }, MX, false },
	{ "no results at all", { MX, NULL }, MX, false },
	{ "version", { MX " 1; dkim=pass", NULL }, MX, true },
	{ "version and comment", { MX " 1 (v1); dmarc=pass", NULL }, MX,
	    true },
	{ "upper case", { "MX.PEKALONGANKOTA.GO.ID; DKIM=PASS", NULL }, MX,
	    true },
	{ "upper-case id configured", { MX "; dmarc=Pass", NULL },
	    "MX.Pekalongankota.Go.Id", true },
	{ "field name included", { "Authentication-Results: " MX
	    "; dmarc=pass", NULL }, MX, true },
	{ "field name, lower case, folded", { "authentication-results:\r\n "
	    MX ";\r\n\tdmarc=pass", NULL }, MX, true },
	{ "no spaces", { MX ";dkim=pass;dmarc=pass", NULL }, MX, true },
	{ "spaces around =", { MX "; dkim = pass", NULL }, MX, true },
	{ "method version", { MX "; dkim/1=pass", NULL }, MX, true },
	{ "method version, spaced", { MX "; dkim / 1 = pass", NULL }, MX,
	    true },
	{ "trailing semicolon", { MX "; dmarc=pass;", NULL }, MX, true },
	{ "empty resinfo", { MX "; ; dmarc=pass", NULL }, MX, true },
	{ "quoted authserv-id", { "\"" MX "\"; dmarc=pass", NULL }, MX, true },
	{ "comment glued to the id", { MX "(Postfix); dkim=pass", NULL }, MX,
	    true },
	/* Forged fields: another authserv-id is never believed. */
	{ "forged pass, ours fails", { "evil.example; dmarc=pass",
	    MX "; dmarc=fail", NULL }, MX, false },
	{ "forged pass, ours none", { "evil.example; dkim=pass; dmarc=pass",
	    MX "; dkim=none; dmarc=none", NULL }, MX, false },
	{ "forged pass only", { "evil.example; dkim=pass; dmarc=pass", NULL },
	    MX, false },
	{ "forged id with ours as prefix", { MX ".evil.example; dmarc=pass",
	    MX "; dkim=none", NULL }, MX, false },
	{ "forged id, ours as suffix", { "evil." MX "; dmarc=pass", NULL },
	    MX, false },
	{ "forged id shorter", { "mx.pekalongankota.go; dmarc=pass", NULL }, MX,
	    false },
	{ "forged id in a comment", { "(" MX ") evil.example; dmarc=pass",
	    NULL }, MX, false },
	{ "forged field, ours passes", { "evil.example; dmarc=fail",
	    MX "; dmarc=pass", NULL }, MX, true },
	{ "malformed forged field ignored", { "evil.example; dkim=",
	    MX "; dmarc=pass", NULL }, MX, true },
	{ "unterminated forged comment ignored", { "evil (; dmarc=pass",
	    MX "; dmarc=pass", NULL }, MX, true },
	{ "empty field ignored", { "", MX "; dmarc=pass", NULL }, MX, true },
	/* Several trusted fields, taken together. */
	{ "spf then dkim", { MX "; spf=pass", MX "; dkim=pass header.d=x",
	    NULL }, MX, true },
	{ "dkim pass, dmarc fail in another", { MX "; dkim=pass",
	    MX "; dmarc=fail", NULL }, MX, false },
	{ "dmarc pass and fail", { MX "; dmarc=pass", MX "; dmarc=fail", NULL },
	    MX, false },
	{ "three fields", { MX "; spf=fail", MX "; dkim=none",
	    MX " 1; dmarc=pass policy.dmarc=none", NULL }, MX, true },
	/* Comments and quoted strings hide nothing and fake nothing. */
	{ "comments", { MX " (Postfix; trusted); dkim=pass (2048-bit key; "
	    "unprotected) header.d=x; dmarc=pass (p=none dis=none) "
	    "header.from=x", NULL }, MX, true },
	{ "pass inside a comment", { MX "; dkim=fail (dkim=pass; dmarc=pass)",
	    NULL }, MX, false },
	{ "fail inside a comment", { MX "; dkim=pass (not dmarc=fail)", NULL },
	    MX, true },
	{ "nested comments", { MX "; dkim=pass (a (b (c) d) e) header.d=x",
	    NULL }, MX, true },
	{ "escaped paren in comment", { MX "; dkim=pass (a \\) ; dmarc=fail)",
	    NULL }, MX, true },
	{ "pass inside a quoted reason", { MX "; dkim=fail "
	    "reason=\"x; dmarc=pass\"", NULL }, MX, false },
	{ "fail inside a quoted reason", { MX "; dkim=pass "
	    "reason=\"ok; dmarc=fail\"", NULL }, MX, true },
	{ "escaped quote", { MX "; dkim=pass reason=\"a \\\"; dmarc=fail\"",
	    NULL }, MX, true },
	{ "pass as a property value", { MX "; spf=none policy.x=dmarc=pass",
	    NULL }, MX, false },
	{ "passed is not pass", { MX "; dkim=passed", NULL }, MX, false },
	{ "dkim-atps is not dkim", { MX "; dkim-atps=pass", NULL }, MX,
	    false },
	/* Our field unreadable: it might have said fail. */
	{ "ours: method without result", { MX "; dkim", MX "; dmarc=pass",
	    NULL }, MX, false },
	{ "ours: empty result", { MX "; dkim=", NULL }, MX, false },
	{ "ours: no method", { MX "; =pass", NULL }, MX, false },
	{ "ours: no semicolon", { MX " dkim=pass", NULL }, MX, false },
	{ "ours: stray paren", { MX "; dkim=pass)", NULL }, MX, false },
	{ "ours: unterminated comment", { MX "; dkim=pass (x", NULL }, MX,
	    false },
	{ "ours: unterminated quote", { MX "; dkim=pass reason=\"x", NULL },
	    MX, false },
	{ "ours: comment 9 deep", { MX "; dmarc=pass (1(2(3(4(5(6(7(8(9)))))"
	    "))))", NULL }, MX, false },
	{ "ours: comment 8 deep", { MX "; dmarc=pass (1(2(3(4(5(6(7(8))))))"
	    "))", NULL }, MX, true },
	{ "ours: quoted result", { MX "; dkim=\"pass\"", NULL }, MX, false },
	/* The check is off without an authserv-id. */
	{ "no authserv-id", { MX "; dmarc=fail", NULL }, NULL, true },
	{ "empty authserv-id", { MX "; dmarc=fail", NULL }, "", true },
	{ "no fields, no authserv-id", { NULL }, NULL, true },
	{ "no fields", { NULL }, MX, false },
};

static void
test_verifier_auth_table(void **state)
{
	size_t i, n;
	bool got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(auth_rows); i++) {
		for (n = 0; auth_rows[i].ar[n] != NULL; n++)
			;
		got = verifier_auth_ok(auth_rows[i].ar, n, auth_rows[i].id);
		if (got != auth_rows[i].want)
			tl_fail("row %zu (%s): got %s", i, auth_rows[i].what,
			    got ? "true" : "false");
	}
	TL_END();
}

/* NULL entries, NULL arrays, too many fields, an oversized field. */
static void
test_verifier_auth_limits(void **state)
{
	const char *many[VERIFIER_MAX_AR + 1];
	const char *with_null[] = { NULL, MX "; dmarc=pass", NULL };
	const char *pair[2];
	char *big;
	size_t i;

	(void)state;
	assert_false(verifier_auth_ok(NULL, 0, MX));
	assert_false(verifier_auth_ok(NULL, 3, MX));
	assert_true(verifier_auth_ok(NULL, 3, NULL));
	assert_true(verifier_auth_ok(with_null, 3, MX));
	for (i = 0; i < VERIFIER_MAX_AR + 1; i++)
		many[i] = "evil.example; dmarc=pass";
	many[0] = MX "; dmarc=pass";
	assert_true(verifier_auth_ok(many, VERIFIER_MAX_AR, MX));
	assert_false(verifier_auth_ok(many, VERIFIER_MAX_AR + 1, MX));
	/* Longer than PL_MAX_HDR: ours refused, another's ignored. */
	big = xmalloc(PL_MAX_HDR + 64);
	memset(big, ' ', PL_MAX_HDR + 63);
	big[PL_MAX_HDR + 63] = '\0';
	memcpy(big, MX "; dmarc=pass", strlen(MX "; dmarc=pass"));
	pair[0] = big;
	pair[1] = MX "; dkim=pass";
	assert_false(verifier_auth_ok(pair, 2, MX));
	memcpy(big, "evil.example; dmarc=fail", 24);
	assert_true(verifier_auth_ok(pair, 2, MX));
	/* Exactly PL_MAX_HDR bytes is fine. */
	memcpy(big, MX "; dmarc=pass", strlen(MX "; dmarc=pass"));
	big[PL_MAX_HDR] = '\0';
	assert_true(verifier_auth_ok(pair, 1, MX));
	/* A field of 30000 comments opened: refused, not recursed. */
	memset(big, '(', 30000);
	big[30000] = '\0';
	pair[0] = MX;
	pair[1] = big;
	memcpy(big, MX "; dkim=pass ", strlen(MX "; dkim=pass "));
	assert_false(verifier_auth_ok(pair + 1, 1, MX));
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_command_table),
		cmocka_unit_test(test_verifier_command_line_cap),
		cmocka_unit_test(test_verifier_command_long_lines),
		cmocka_unit_test(test_verifier_command_trailing_bytes),
		cmocka_unit_test(test_verifier_command_names),
		cmocka_unit_test(test_verifier_auth_table),
		cmocka_unit_test(test_verifier_auth_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
