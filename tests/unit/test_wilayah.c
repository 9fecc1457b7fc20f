/* test_wilayah: Kemendagri region codes and names (2019 and 2025 lists). */
#include <ctype.h>

#include "testlib.h"

#include "wilayah.h"

/* One code and its name (NULL: not a region code, or junk). */
static const struct {
	const char	*code;
	const char	*want;
} name_rows[] = {
	/* Kota Pekalongan, every level, with and without dots. */
	{ "33", "JAWA TENGAH" },
	{ "3375", "KOTA PEKALONGAN" },
	{ "33.75", "KOTA PEKALONGAN" },
	{ "337501", "PEKALONGAN BARAT" },
	{ "33.75.01", "PEKALONGAN BARAT" },
	{ "337502", "PEKALONGAN TIMUR" },
	{ "33.75.03", "PEKALONGAN UTARA" },
	{ "337504", "PEKALONGAN SELATAN" },
	{ "33.75.01.1003", "PODOSUGIH" },
	{ "3375011003", "PODOSUGIH" },
	{ "33.75.04.1010", "SOKODUWET" },
	/* The first and the last lines of the table. */
	{ "11", "ACEH" },
	{ "11.01.01.2001", "KEUDE BAKONGAN" },
	{ "96.71.10.1004", "TANJUNG KASUARI" },
	{ "9671101004", "TANJUNG KASUARI" },
	/* Other regions in both lists. */
	{ "3301", "KABUPATEN CILACAP" },
	{ "330101", "KEDUNGREJA" },
	{ "3171", "KOTA ADMINISTRASI JAKARTA PUSAT" },
	{ "317101", "GAMBIR" },
	{ "9171", "KOTA JAYAPURA" },
	{ "917101", "JAYAPURA UTARA" },
	/* In both, the 2025 name wins ("Labuhan Haji" in 2019). */
	{ "11.01.04", "LABUHANHAJI" },
	/* Only in 2019: Papua Barat's Kota Sorong before the 2022 split. */
	{ "9271", "KOTA SORONG" },
	{ "92.71.01", "SORONG" },
	{ "91.01", "KAB. MERAUKE" },
	{ "910101", "MERAUKE" },
	/* Only in 2025: the new provinces and districts. */
	{ "93", "PAPUA SELATAN" },
	{ "96", "PAPUA BARAT DAYA" },
	{ "9671", "KOTA SORONG" },
	{ "96.71.01", "SORONG" },
	{ "930101", "MERAUKE" },
	{ "11.72.03", "SUKAMAKMUE" },
	/* Well-formed codes of no region. */
	{ "99", NULL },
	{ "00", NULL },
	{ "3399", NULL },
	{ "33.99", NULL },
	{ "337505", NULL },
	{ "337500", NULL },
	{ "33.75.01.1001", NULL },
	{ "3375011001", NULL },
	{ "947101", NULL },
	/* Junk. */
	{ "", NULL },
	{ "3", NULL },
	{ "337", NULL },
	{ "33750", NULL },
	{ "1234567", NULL },
	{ "33750110", NULL },
	{ "33750110031", NULL },
	{ "33x5", NULL },
	{ "3a75", NULL },
	{ "33 75", NULL },
	{ " 3375", NULL },
	{ "3375 ", NULL },
	{ "3375\n", NULL },
	{ "-3375", NULL },
	{ "+3375", NULL },
	{ "33.75.", NULL },
	{ ".33.75", NULL },
	{ "33..75", NULL },
	{ "3375.01", NULL },
	{ "33.7501", NULL },
	{ "33.75,KOTA PEKALONGAN", NULL },
	{ "33.75.01.1003.1", NULL },
	{ ".", NULL },
	{ ",", NULL },
	{ "\n", NULL },
	{ "33.75.01.1003.33.75.01.1003.33.75.01.1003", NULL },
	{ "\xd9\xa3\xd9\xa3\xd9\xa7\xd9\xa5", NULL },	/* Arabic-Indic */
};

static void
test_wilayah_name_table(void **state)
{
	const char *got;
	char *dup;
	size_t i, len;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(name_rows); i++) {
		len = 12345;
		got = wilayah_name(name_rows[i].code, &len);
		dup = got ? strndup(got, len) : NULL;
		if (got && len > 200)
			tl_fail("row %zu: len %zu", i, len);
		else
			tl_str("wilayah_name", i, name_rows[i].code, dup,
			    name_rows[i].want);
		/* The name ends its table line, and len may be NULL. */
		if (got && got[len] != '\n')
			tl_fail("row %zu: name not followed by a newline", i);
		if (wilayah_name(name_rows[i].code, NULL) != got)
			tl_fail("row %zu: different result with len NULL", i);
		free(dup);
	}
	TL_END();
}

/* Is the line code,name found by its code, dotted and undotted? */
static bool
found_by_code(const char *code, const char *name, size_t namelen)
{
	char flat[32];
	size_t i, k, len;

	if (wilayah_name(code, &len) != name || len != namelen)
		return false;
	for (i = 0, k = 0; code[i] && k + 1 < sizeof flat; i++)
		if (code[i] != '.')
			flat[k++] = code[i];
	flat[k] = '\0';
	return wilayah_name(flat, NULL) == name;
}

/*
 * Every line of the table is found by its own code, dotted and undotted,
 * and gives back its own name (the binary search over the whole table).
 */
static void
test_wilayah_name_every_code(void **state)
{
	const char *line, *end, *comma;
	char code[32];
	size_t off, cl, lines = 0, bad = 0;

	(void)state;
	for (off = 0; off < wilayah_table_len;
	    off += (size_t)(end - line) + 1) {
		line = wilayah_table + off;
		end = strchr(line, '\n');
		assert_non_null(end);
		comma = memchr(line, ',', (size_t)(end - line));
		assert_non_null(comma);
		cl = (size_t)(comma - line);
		assert_true(cl < sizeof code);
		memcpy(code, line, cl);
		code[cl] = '\0';
		lines++;
		if (found_by_code(code, comma + 1, (size_t)(end - comma - 1)))
			continue;
		if (bad++ < 20)
			print_error("  wilayah_name(\"%s\") misses its line\n",
			    code);
	}
	if (bad)
		fail_msg("%zu of %zu codes not found", bad, lines);
	/* The two lists hold over 91,000 regions. */
	assert_true(lines > 90000);
}

/* The table is sorted by code, one "code,name" line each. */
static void
test_wilayah_table_sorted(void **state)
{
	const char *p, *prev = NULL, *nl;
	size_t pl = 0, cl, n;
	int r;

	(void)state;
	assert_true(wilayah_table_len > 0);
	assert_int_equal(wilayah_table[wilayah_table_len], '\0');
	assert_int_equal(wilayah_table[wilayah_table_len - 1], '\n');
	for (p = wilayah_table; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		cl = strcspn(p, ",\n");
		assert_int_equal(p[cl], ',');
		assert_true(cl == 2 || cl == 5 || cl == 8 || cl == 13);
		assert_true(nl > p + cl + 1);		/* a name */
		if (prev) {
			n = cl < pl ? cl : pl;
			r = strncmp(prev, p, n);
			if (r > 0 || (r == 0 && pl >= cl))
				fail_msg("table not sorted at \"%.*s\"",
				    (int)cl, p);
		}
		prev = p;
		pl = cl;
	}
}

struct seen {
	char	code[8][16];
	char	name[8][64];
	size_t	n;
	size_t	calls;
};

static void
collect(const char *code, size_t codelen, const char *name, size_t namelen,
    void *arg)
{
	struct seen *s = arg;

	s->calls++;
	if (s->n >= 8 || codelen >= sizeof s->code[0] ||
	    namelen >= sizeof s->name[0])
		return;
	memcpy(s->code[s->n], code, codelen);
	s->code[s->n][codelen] = '\0';
	memcpy(s->name[s->n], name, namelen);
	s->name[s->n][namelen] = '\0';
	s->n++;
}

static void
count_only(const char *code, size_t codelen, const char *name,
    size_t namelen, void *arg)
{
	size_t *n = arg;

	(void)code;
	(void)codelen;
	(void)name;
	(void)namelen;
	(*n)++;
}

/* Kota Pekalongan has exactly four kecamatan, in code order. */
static void
test_wilayah_children_pekalongan(void **state)
{
	static const char *const code[] = { "33.75.01", "33.75.02",
	    "33.75.03", "33.75.04" };
	static const char *const name[] = { "PEKALONGAN BARAT",
	    "PEKALONGAN TIMUR", "PEKALONGAN UTARA", "PEKALONGAN SELATAN" };
	static const char *const spelled[] = { "3375", "33.75" };
	struct seen s;
	size_t k, i;

	(void)state;
	for (k = 0; k < TL_NELEM(spelled); k++) {
		memset(&s, 0, sizeof s);
		assert_int_equal(wilayah_children(spelled[k], collect, &s), 4);
		assert_int_equal(s.calls, 4);
		for (i = 0; i < 4; i++) {
			assert_string_equal(s.code[i], code[i]);
			assert_string_equal(s.name[i], name[i]);
		}
	}
}

/* Other levels: a province's cities, a district's villages, leaves. */
static const struct {
	const char	*code;
	size_t		 want;
} children_rows[] = {
	{ "33", 35 },			/* 29 kabupaten, 6 kota */
	{ "337501", 7 },		/* Pekalongan Barat's kelurahan */
	{ "33.75.01", 7 },
	{ "337502", 7 },
	{ "33.75.01.1003", 0 },		/* a village has none */
	{ "3375011003", 0 },
	{ "99", 0 },
	{ "3399", 0 },
	{ "", 0 },
	{ "33x5", 0 },
	{ "1234567", 0 },
	{ "3", 0 },
	{ "33.7", 0 },
	{ "33.75.", 0 },
};

static void
test_wilayah_children_table(void **state)
{
	size_t i, n, got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(children_rows); i++) {
		n = 0;
		got = wilayah_children(children_rows[i].code, count_only, &n);
		tl_int("wilayah_children", i, children_rows[i].code,
		    (long long)got, (long long)children_rows[i].want);
		tl_int("callbacks", i, children_rows[i].code, (long long)n,
		    (long long)got);
	}
	TL_END();
}

/* Children are one level down, all of them prefixed by the parent. */
static void
test_wilayah_children_village(void **state)
{
	struct seen s;
	size_t i;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(wilayah_children("337501", collect, &s), 7);
	for (i = 0; i < s.n; i++) {
		assert_int_equal(strlen(s.code[i]), 13);
		assert_memory_equal(s.code[i], "33.75.01.", 9);
		assert_non_null(wilayah_name(s.code[i], NULL));
	}
	assert_string_equal(s.code[0], "33.75.01.1002");
	assert_string_equal(s.name[0], "MEDONO");
	assert_string_equal(s.code[1], "33.75.01.1003");
	assert_string_equal(s.name[1], "PODOSUGIH");
}

struct provs {
	size_t	n;
	bool	bad;
	bool	jateng, papua_selatan, aceh;
};

static void
prov(const char *code, size_t codelen, const char *name, size_t namelen,
    void *arg)
{
	struct provs *p = arg;

	p->n++;
	if (codelen != 2 || !isdigit((unsigned char)code[0]) ||
	    !isdigit((unsigned char)code[1]) || namelen == 0 ||
	    name[namelen] != '\n')
		p->bad = true;
	if (codelen == 2 && memcmp(code, "33", 2) == 0)
		p->jateng = namelen == 11 && memcmp(name, "JAWA TENGAH", 11) ==
		    0;
	if (codelen == 2 && memcmp(code, "93", 2) == 0)
		p->papua_selatan = namelen == 13 &&
		    memcmp(name, "PAPUA SELATAN", 13) == 0;
	if (codelen == 2 && memcmp(code, "11", 2) == 0)
		p->aceh = namelen == 4 && memcmp(name, "ACEH", 4) == 0;
}

static void
test_wilayah_provinces(void **state)
{
	struct provs p;
	size_t n;

	(void)state;
	memset(&p, 0, sizeof p);
	n = wilayah_provinces(prov, &p);
	assert_int_equal(n, p.n);
	assert_true(n >= 34);		/* 2019 */
	assert_true(n <= 40);
	assert_int_equal(n, 38);	/* 2025, with the four new Papuas */
	assert_false(p.bad);
	assert_true(p.jateng);
	assert_true(p.papua_selatan);
	assert_true(p.aceh);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilayah_name_table),
		cmocka_unit_test(test_wilayah_name_every_code),
		cmocka_unit_test(test_wilayah_table_sorted),
		cmocka_unit_test(test_wilayah_children_pekalongan),
		cmocka_unit_test(test_wilayah_children_table),
		cmocka_unit_test(test_wilayah_children_village),
		cmocka_unit_test(test_wilayah_provinces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
