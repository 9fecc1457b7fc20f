/*
 * test_letter: the letter layout engine (pipeline/letter.c) through the
 * real layouts in templates/letter/, read back with poppler: the keeps
 * (signature never alone, the table's header on every page with rows, no
 * heading left at a page end), page numbers, hostile text, and layouts
 * that must be refused (DOCTYPE, entities, unknown elements).
 */
#include "testlib.h"

#include <glib.h>
#include <poppler.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "letter.h"
#include "review.h"
#include "util.h"
#include "xmem.h"

static struct conf cf;

static int
setup(void **state)
{
	const char *why;
	int line;

	(void)state;
	return conf_load(&cf, NULL, &why, &line) == PL_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	conf_free(&cf);
	return 0;
}

/* Synthetic applicants; strings live in a static pool per call. */
static struct letter_person *
people(size_t n, unsigned seed)
{
	static const char *const first[] = { "Nur'aini", "Zoë", "Budi",
	    "Siti Aminah", "Dwi Ayu", "Ṣalihah", "Bambang", "Rina",
	    "Agus Tri", "Wahyu" };
	static const char *const last[] = { "Rahmawati, S.Kom.",
	    "Müller", "Santoso, S.T., M.T.", "Nugroho", "D'Souza",
	    "Prasetyo, A.Md.", "Kusumawardani, S.E." };
	static const char *const jab[] = { "Analis Kebijakan Ahli Muda",
	    "Pranata Komputer Ahli Pertama", "Sekretaris Kelurahan",
	    "Kepala Seksi Persandian" };
	static char pool[LETTER_MAX_PEOPLE][4][96];
	struct letter_person *p = xcalloc(n, sizeof *p);
	size_t i;

	srand(seed);
	for (i = 0; i < n && i < LETTER_MAX_PEOPLE; i++) {
		snprintf(pool[i][0], 96, "%s %s", first[rand() % 10],
		    last[rand() % 7]);
		snprintf(pool[i][1], 96, "33750%d%02d%02d%02d%04zu",
		    1 + rand() % 4, 1 + rand() % 28, 1 + rand() % 12,
		    70 + rand() % 30, 1 + i);
		snprintf(pool[i][2], 96, "19%02d%02d%02d20%02d%02d%d%03zu",
		    70 + rand() % 30, 1 + rand() % 12, 1 + rand() % 28,
		    10 + rand() % 10, 1 + rand() % 12, 1 + rand() % 2, 1 + i);
		snprintf(pool[i][3], 96, "pegawai%zu@pekalongankota.go.id",
		    i + 1);
		p[i].nama = pool[i][0];
		p[i].nik = pool[i][1];
		p[i].nip = pool[i][2];
		p[i].jabatan = jab[rand() % 4];
		p[i].unit_kerja = "Dinas Komunikasi dan Informatika";
		p[i].email = pool[i][3];
	}
	return p;
}

/* Text of every page; NULL-terminated, the caller frees. */
static char **
pages_text(const char *pdf, size_t len, int *npages)
{
	GBytes *b = g_bytes_new(pdf, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
	char **t;
	int i;

	assert_non_null(doc);
	*npages = poppler_document_get_n_pages(doc);
	t = xcalloc((size_t)*npages + 1, sizeof *t);
	for (i = 0; i < *npages; i++) {
		PopplerPage *pg = poppler_document_get_page(doc, i);
		char *s = poppler_page_get_text(pg);

		t[i] = xstrdup(s ? s : "");
		g_free(s);
		g_object_unref(pg);
	}
	g_object_unref(doc);
	g_bytes_unref(b);
	return t;
}

static void
texts_free(char **t)
{
	size_t i;

	for (i = 0; t[i]; i++)
		free(t[i]);
	free(t);
}

static int
page_of(char **t, int n, const char *needle)
{
	int i;

	for (i = 0; i < n; i++)
		if (strstr(t[i], needle))
			return i;
	return -1;
}

/* Render with n people; *t the pages' text. */
static void
render(const char *variant, size_t n, bool final, char ***t, int *np)
{
	struct letter_person *p = people(n, (unsigned)n * 7 + 1);
	char why[REVIEW_WHY], *pdf;
	size_t len;
	int pages;
	enum pl_status rv;

	rv = review_render(&cf, p, n, variant, final ? "000.8.3.3/7/Diskominfo"
	    : NULL, final ? "SERTEL-TTE\nNomor: 000.8.3.3/7/Diskominfo\n"
	    "SHA-256: 00" : NULL, 1795230000, &pdf, &len, &pages, why);
	if (rv != PL_OK)
		fail_msg("render %zu people: %s", n, why);
	assert_memory_equal(pdf, "%PDF-", 5);
	*t = pages_text(pdf, len, np);
	assert_int_equal(*np, pages);
	free(pdf);
	free(p);
}

/* The keeps hold for every size of table from 1 to 45 rows. */
static void
test_keeps(void **state)
{
	char **t, num[64];
	int np, i, sig, head, last_row;
	size_t n;
	bool final;

	(void)state;
	TL_BEGIN();
	for (n = 1; n <= 45; n++) {
		final = n % 2 == 0;
		render("permohonan", n, final, &t, &np);
		sig = page_of(t, np, "NIP 19750312 200003 1 004");
		/* The signature shares its page with the closing words. */
		if (sig < 0 || !strstr(t[sig], "Demikian permohonan"))
			tl_fail("%zu people: signature alone on page %d", n,
			    sig + 1);
		/* "Tembusan:" is followed by its first item on its page. */
		i = page_of(t, np, "Tembusan:");
		if (i < 0 || !strstr(t[i], "Wali Kota Pekalongan"))
			tl_fail("%zu people: Tembusan heading alone", n);
		/* The sentence before the table sits with its header. */
		head = page_of(t, np, "sebagai berikut:");
		if (head < 0 || !strstr(t[head], "Unit Kerja"))
			tl_fail("%zu people: table intro alone", n);
		/* Each page with rows repeats the header row. */
		for (i = 0; i < np; i++)
			if (strstr(t[i], "pegawai") &&
			    !(strstr(t[i], "Jabatan") && strstr(t[i], "NIK")))
				tl_fail("%zu people: page %d has rows, no "
				    "header", n, i + 1);
		snprintf(num, sizeof num, "pegawai%zu@", n);
		last_row = page_of(t, np, num);
		if (last_row < 0)
			tl_fail("%zu people: last row missing", n);
		for (i = 0; i < np; i++) {
			snprintf(num, sizeof num, "Halaman %d dari %d", i + 1,
			    np);
			if (!strstr(t[i], num))
				tl_fail("%zu people: page %d lacks '%s'", n,
				    i + 1, num);
		}
		if (final && !strstr(t[np - 1], "ditandatangani secara "
		    "elektronik"))
			tl_fail("%zu people: final without the TTE footer", n);
		if (!final && (!strstr(t[0], "(draf)") ||
		    page_of(t, np, "UU ITE") >= 0))
			tl_fail("%zu people: draft wrong", n);
		texts_free(t);
	}
	TL_END();
}

/* Names and values come out as given: apostrophes, diacritics, order. */
static void
test_text_round_trip(void **state)
{
	struct letter_person *p = people(60, 5);
	char why[REVIEW_WHY], *pdf, **t, nip[64], *all;
	size_t len, i;
	int pages, np, k;
	const char *at;
	struct buf b;

	(void)state;
	assert_int_equal(review_render(&cf, p, 60, "perpanjangan", NULL,
	    NULL, 1795230000, &pdf, &len, &pages, why), PL_OK);
	t = pages_text(pdf, len, &np);
	assert_true(np >= 3);
	buf_init(&b, 1 << 22);
	for (k = 0; k < np; k++)
		buf_adds(&b, t[k]);
	all = buf_steal(&b, NULL);
	/* Cells wrap: compare without white space, in row order. */
	str_squeeze(all);
	{
		char *w = all, *r = all;

		for (; *r; r++)
			if (*r != ' ' && *r != '\n')
				*w++ = *r;
		*w = '\0';
	}
	assert_non_null(strstr(all, "PermohonanPembaruanSertifikatElektronik"));
	/*
	 * A wrapped cell's second line comes after the first line of the
	 * whole row, so each value is looked for after the previous row's
	 * NIK: the NIKs themselves must be in row order.
	 */
	at = all;
	for (i = 0; i < 60; i++) {
		char want[128], *w = want, *nik;
		const char *s;

		nik = strstr(at, p[i].nik);
		if (nik == NULL)
			fail_msg("row %zu: NIK %s missing or out of order", i,
			    p[i].nik);
		for (s = p[i].nama; *s && w < want + 120; s++)
			if (*s != ' ')
				*w++ = *s;
		*w = '\0';
		/* The name's first word precedes the NIK; all of it is there. */
		w = strndup(want, strcspn(p[i].nama, " "));
		s = strstr(at, w);
		if (s == NULL || s > nik)
			fail_msg("row %zu: name %s missing or out of order", i,
			    p[i].nama);
		free(w);
		letter_nip_format(p[i].nip, nip, sizeof nip);
		assert_int_equal(strlen(nip), 21);
		/* Within a row poppler may order the cells otherwise. */
		if (strstr(all, p[i].nip) == NULL ||
		    strstr(all, p[i].email) == NULL)
			fail_msg("row %zu: NIP %s or %s missing", i, p[i].nip,
			    p[i].email);
		at = nik;
	}
	free(all);
	texts_free(t);
	free(pdf);
	free(p);
}

/* Controls, bad UTF-8 and endless words are laid out, never passed on. */
static void
test_hostile_values(void **state)
{
	struct letter_person p[3];
	char why[REVIEW_WHY], *pdf, **t, longword[3000];
	size_t len;
	int pages, np;

	(void)state;
	memset(longword, 'W', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	memset(p, 0, sizeof p);
	p[0].nama = "Ani\r\nBcc: x@y\x01\x7f Lestari";
	p[0].nik = "3375\xff\xfe""0101";
	p[1].nama = longword;
	p[1].email = "a.very.long.address.without.spaces@pekalongankota.go.id";
	p[2].nama = "";	/* shown as "-" */
	assert_int_equal(review_render(&cf, p, 3, "permohonan", NULL, NULL,
	    1795230000, &pdf, &len, &pages, why), PL_OK);
	t = pages_text(pdf, len, &np);
	assert_non_null(strstr(t[0], "Ani"));
	assert_non_null(strstr(t[0], "Bcc:"));
	assert_non_null(strstr(t[0], "Lestari"));
	assert_null(strstr(t[0], "\x01"));
	assert_null(strstr(t[0], "\r"));
	/* An endless value is cut (…) so its row still fits a page. */
	assert_true(page_of(t, np, "WWWWWWWW") >= 0);
	assert_true(page_of(t, np, "W\u2026") >= 0);
	assert_non_null(strstr(t[0], "3375"));
	texts_free(t);
	free(pdf);
}

static void
test_too_many(void **state)
{
	struct letter_person *p = xcalloc(LETTER_MAX_PEOPLE + 1, sizeof *p);
	char why[REVIEW_WHY], *pdf = NULL;
	size_t len;
	int pages;

	(void)state;
	assert_int_equal(review_render(&cf, p, LETTER_MAX_PEOPLE + 1,
	    "permohonan", NULL, NULL, 1795230000, &pdf, &len, &pages, why),
	    PL_EINPUT);
	assert_null(pdf);
	assert_non_null(strstr(why, "applicants"));
	free(p);
}

/* Layouts that must be refused, each with a reason naming the fault. */
static void
test_bad_layouts(void **state)
{
	static const struct {
		const char	*xml;
		const char	*why;
	} rows[] = {
		{ "<?xml version=\"1.0\"?><!DOCTYPE letter [<!ENTITY x "
		  "\"boom\">]><letter><p>&x;</p></letter>", "DOCTYPE" },
		{ "<!DOCTYPE letter SYSTEM \"http://example.invalid/x.dtd\">"
		  "<letter/>", "DOCTYPE" },
		{ "<letter><p>unclosed</letter>", "well-formed" },
		{ "<memo/>", "root element" },
		{ "<letter><font regular=\"/nonexistent.ttf\" bold=\"x\" "
		  "italic=\"y\"/></letter>", "font" },
		{ "<letter><marquee/></letter>", "font" },
		{ "<letter top=\"-5\"/>", "length" },
		{ "<letter page=\"A5\"/>", "A4" },
		{ "", "well-formed" },
	};
	char dir[] = "/tmp/test_letter.XXXXXX", path[64], why[256], *pdf;
	struct letter l;
	size_t i, len;
	int pages;
	FILE *f;

	(void)state;
	TL_BEGIN();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/l.xml", dir);
	for (i = 0; i < TL_NELEM(rows); i++) {
		f = fopen(path, "w");
		fputs(rows[i].xml, f);
		fclose(f);
		memset(&l, 0, sizeof l);
		l.layout = path;
		l.vars = tpl_ctx_new();
		pdf = NULL;
		if (letter_render(&l, &pdf, &len, &pages, why, sizeof why) !=
		    PL_ECONF || pdf != NULL || !strstr(why, rows[i].why))
			tl_fail("row %zu: %s -> '%s' (want ECONF, '%s')", i,
			    tl_esc(rows[i].xml), why, rows[i].why);
		free(pdf);
		tpl_ctx_free(l.vars);
	}
	unlink(path);
	rmdir(dir);
	TL_END();
}

static void
test_count_words(void **state)
{
	static const struct {
		unsigned	 n;
		const char	*want;
	} rows[] = {
		{ 0, "0 (nol)" }, { 1, "1 (satu)" }, { 10, "10 (sepuluh)" },
		{ 11, "11 (sebelas)" }, { 12, "12 (dua belas)" },
		{ 19, "19 (sembilan belas)" }, { 20, "20 (dua puluh)" },
		{ 21, "21 (dua puluh satu)" }, { 60, "60 (enam puluh)" },
		{ 99, "99 (sembilan puluh sembilan)" },
		{ 100, "100 (seratus)" }, { 101, "101 (seratus satu)" },
		{ 111, "111 (seratus sebelas)" },
		{ 250, "250 (dua ratus lima puluh)" },
		{ 999, "999 (sembilan ratus sembilan puluh sembilan)" },
		{ 1000, "1000" },
	};
	char out[96];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		letter_count_words(rows[i].n, out, sizeof out);
		tl_str("count_words", i, "", out, rows[i].want);
	}
	TL_END();
}

static void
test_nip_format(void **state)
{
	static const struct {
		const char	*in, *want;
	} rows[] = {
		{ "198503122010011003", "19850312 201001 1 003" },
		{ "19850312201001100", "19850312201001100" },
		{ "1985031220100110031", "1985031220100110031" },
		{ "19850312 201001 1 003", "19850312 201001 1 003" },
		{ "", "" },
	};
	char out[64];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		letter_nip_format(rows[i].in, out, sizeof out);
		tl_str("nip_format", i, rows[i].in, out, rows[i].want);
	}
	TL_END();
}

static void
test_qr_text(void **state)
{
	char num[128], sha[65];
	char *t = review_qr_text("000.8.3.3/15/Diskominfo",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

	(void)state;
	assert_int_equal(review_qr_parse(t, num, sizeof num, sha), 0);
	assert_string_equal(num, "000.8.3.3/15/Diskominfo");
	assert_string_equal(sha, "0123456789abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef");
	free(t);
	assert_int_equal(review_qr_parse("SERTEL-TTE\nNomor: x\nSHA-256: "
	    "zz", num, sizeof num, sha), -1);
	assert_int_equal(review_qr_parse("hello", num, sizeof num, sha), -1);
	assert_int_equal(review_qr_parse("SERTEL-TTE\nNomor: \nSHA-256: "
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    num, sizeof num, sha), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keeps),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_bad_layouts),
		cmocka_unit_test(test_count_words),
		cmocka_unit_test(test_nip_format),
		cmocka_unit_test(test_qr_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
