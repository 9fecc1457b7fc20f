/* test_template: {{var}}, {{#list}}, {{?x}}, {{^x}}, escaping, errors. */
#include <sys/stat.h>

#include "testlib.h"

#include "pipeline.h"
#include "template.h"

/* The context every table row sees. */
static struct tpl_ctx *
ctx_make(void)
{
	struct tpl_ctx *c = tpl_ctx_new();

	tpl_set(c, "nama", "Budi Santoso");
	tpl_set(c, "code", "SE-2026-000001");
	tpl_set(c, "empty", "");
	tpl_set(c, "unset", NULL);
	tpl_set(c, "evil", "{{code}}");
	tpl_add(c, "missing", "KTP");
	tpl_add(c, "missing", "SK jabatan");
	tpl_add(c, "one", "satu");
	tpl_set(c, "body", "baris 1\nbaris 2");
	return c;
}

static const struct {
	const char	*src;
	const char	*want;		/* NULL: PL_EINPUT */
} rows[] = {
	/* Variables. */
	{ "Yth. {{nama}},", "Yth. Budi Santoso," },
	{ "{{code}}{{code}}", "SE-2026-000001SE-2026-000001" },
	{ "[{{nosuch}}]", "[]" },
	{ "[{{empty}}][{{unset}}]", "[][]" },
	{ "[{{}}]", "[]" },
	{ "no tags at all\n", "no tags at all\n" },
	{ "", "" },
	{ "a } b { c }} d", "a } b { c }} d" },
	/* Values are never expanded again. */
	{ "{{evil}}", "{{code}}" },
	/* Newlines kept in "body" only. */
	{ "{{body}}", "baris 1\nbaris 2" },
	/* Lists. */
	{ "{{#missing}}- {{item}}\n{{/missing}}", "- KTP\n- SK jabatan\n" },
	{ "{{#one}}({{item}}){{/one}}", "(satu)" },
	{ "{{#nosuch}}x{{/nosuch}}", "" },
	{ "[{{item}}]", "[]" },
	/* Scalar sections. */
	{ "{{#code}}Kode: {{code}}{{/code}}", "Kode: SE-2026-000001" },
	{ "{{#empty}}x{{/empty}}", "" },
	{ "{{#unset}}x{{/unset}}", "" },
	/* {{?x}}: once when set or non-empty. */
	{ "{{?missing}}Kurang:{{#missing}} {{item}}{{/missing}}.{{/?missing}}",
	    "Kurang: KTP SK jabatan." },
	{ "{{?nosuch}}Kurang:{{#nosuch}} {{item}}{{/nosuch}}.{{/?nosuch}}",
	    "" },
	{ "{{?code}}ada{{/?code}}", "ada" },
	{ "{{?empty}}ada{{/?empty}}", "" },
	/* {{^x}}: when unset or empty. */
	{ "{{^nosuch}}tidak ada{{/nosuch}}", "tidak ada" },
	{ "{{^empty}}kosong{{/empty}}", "kosong" },
	{ "{{^unset}}kosong{{/unset}}", "kosong" },
	{ "{{^code}}x{{/code}}", "" },
	{ "{{^missing}}x{{/missing}}", "" },
	/* Standalone section tags leave no blank lines. */
	{ "a\n{{#missing}}\n- {{item}}\n{{/missing}}\nz\n",
	    "a\n- KTP\n- SK jabatan\nz\n" },
	{ "a\n{{?nosuch}}\nNOTE\n{{/?nosuch}}\nz\n", "a\nz\n" },
	{ "{{^nosuch}}\nx\n{{/nosuch}}\n", "x\n" },
	/* ... but inline ones keep the text around them. */
	{ "a {{#code}}b{{/code}}\nc", "a b\nc" },
	/* Unbalanced. */
	{ "{{#missing}}abc", NULL },
	{ "abc{{/missing}}", NULL },
	{ "{{nama", NULL },
	{ "{{#missing}}{{/nosuch}}", NULL },
	{ "{{?code}}x{{/code}}", NULL },
	{ "{{^code}}x", NULL },
	{ "{{#a}}{{#b}}{{/a}}{{/b}}", NULL },
	{ "{{/}}", NULL },
	/* Too deep (more than 8 levels). */
	{ "{{^a1}}{{^a2}}{{^a3}}{{^a4}}{{^a5}}{{^a6}}{{^a7}}{{^a8}}{{^a9}}"
	  "{{^a10}}x{{/a10}}{{/a9}}{{/a8}}{{/a7}}{{/a6}}{{/a5}}{{/a4}}{{/a3}}"
	  "{{/a2}}{{/a1}}", NULL },
	/* Three levels are fine. */
	{ "{{^a1}}{{^a2}}{{^a3}}ok{{/a3}}{{/a2}}{{/a1}}", "ok" },
};

static void
test_expand_table(void **state)
{
	struct tpl_ctx *c = ctx_make();
	const char *why;
	char *out;
	size_t i;
	enum pl_status st;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		out = (char *)1;
		why = NULL;
		st = tpl_expand(rows[i].src, c, &out, &why);
		if (rows[i].want == NULL) {
			if (st != PL_EINPUT)
				tl_fail("row %zu (\"%s\"): status %d, want "
				    "PL_EINPUT", i, tl_esc(rows[i].src), st);
			else if (why == NULL || *why == '\0')
				tl_fail("row %zu: no reason", i);
			else if (out != NULL)
				tl_fail("row %zu: *out not NULL on error", i);
			if (st == PL_OK)
				free(out);
			continue;
		}
		if (st != PL_OK) {
			tl_fail("row %zu (\"%s\"): status %d (%s)", i,
			    tl_esc(rows[i].src), st, why ? why : "?");
			continue;
		}
		tl_str("tpl_expand", i, rows[i].src, out, rows[i].want);
		free(out);
	}
	tpl_ctx_free(c);
	TL_END();
}

/*
 * A broken template is broken whatever the data: an error inside a
 * section that this context hides must still be PL_EINPUT, or the
 * template passes review and fails for the one applicant whose data
 * opens that section.
 */
static const char *const hidden_rows[] = {
	"{{#nosuch}}{{#x}}{{/nosuch}}",
	"{{#nosuch}}{{/x}}{{/nosuch}}",
	"{{^code}}{{nama{{/code}}",
	"{{?nosuch}}{{#missing}}{{/?nosuch}}",
	"{{#a1}}{{#a2}}{{#a3}}{{#a4}}{{#a5}}{{#a6}}{{#a7}}{{#a8}}{{#a9}}"
	"{{#a10}}x{{/a10}}{{/a9}}{{/a8}}{{/a7}}{{/a6}}{{/a5}}{{/a4}}{{/a3}}"
	"{{/a2}}{{/a1}}",
};

static void
test_errors_in_hidden_sections(void **state)
{
	struct tpl_ctx *c = ctx_make();
	const char *why;
	char *out;
	size_t i;
	enum pl_status st;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(hidden_rows); i++) {
		out = NULL;
		st = tpl_expand(hidden_rows[i], c, &out, &why);
		if (st != PL_EINPUT)
			tl_fail("row %zu (\"%s\"): status %d, want PL_EINPUT",
			    i, tl_esc(hidden_rows[i]), st);
		if (st == PL_OK)
			free(out);
	}
	tpl_ctx_free(c);
	TL_END();
}

/* Control characters in values are stripped; no line can be injected. */
static const struct {
	const char	*name;
	const char	*value;
	const char	*want;
} ctl_rows[] = {
	{ "nama", "Budi\r\nBcc: evil@x", "Budi  Bcc: evil@x" },
	{ "nama", "Budi\x1b[31m\x07\x7f", "Budi[31m" },
	{ "nama", "a\0b", "a" },
	{ "nama", "\xc2\x85next\xc2\x9b", "next" },
	{ "nama", "tab\tok", "tab\tok" },
	{ "nama", "caf\xe9", "caf\xef\xbf\xbd" },
	{ "body", "a\r\nb\n\x1b" "c", "a\nb\nc" },
};

static void
test_values_stripped(void **state)
{
	struct tpl_ctx *c;
	const char *why;
	char *out, src[32];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(ctl_rows); i++) {
		c = tpl_ctx_new();
		tpl_set(c, ctl_rows[i].name, ctl_rows[i].value);
		snprintf(src, sizeof src, "{{%s}}", ctl_rows[i].name);
		if (tpl_expand(src, c, &out, &why) != PL_OK) {
			tl_fail("row %zu: expand failed", i);
		} else {
			tl_str("value", i, ctl_rows[i].value, out,
			    ctl_rows[i].want);
			free(out);
		}
		tpl_ctx_free(c);
	}
	/* List items too. */
	c = tpl_ctx_new();
	tpl_add(c, "l", "KTP\r\nBcc: evil@x\x1b");
	assert_int_equal(tpl_expand("{{#l}}[{{item}}]{{/l}}", c, &out, &why),
	    PL_OK);
	assert_string_equal(out, "[KTP  Bcc: evil@x]");
	free(out);
	tpl_ctx_free(c);
	TL_END();
}

/* Setting a value again replaces it; items accumulate. */
static void
test_set_replace(void **state)
{
	struct tpl_ctx *c = tpl_ctx_new();
	const char *why;
	char *out;

	(void)state;
	tpl_set(c, "x", "satu");
	tpl_set(c, "x", "dua");
	tpl_add(c, "l", "a");
	tpl_add(c, "l", "b");
	tpl_add(c, "l", "c");
	assert_int_equal(tpl_expand("{{x}}:{{#l}}{{item}}{{/l}}", c, &out,
	    &why), PL_OK);
	assert_string_equal(out, "dua:abc");
	free(out);
	tpl_set(c, "x", NULL);
	assert_int_equal(tpl_expand("{{#x}}set{{/x}}{{^x}}unset{{/x}}", c,
	    &out, &why), PL_OK);
	assert_string_equal(out, "unset");
	free(out);
	tpl_ctx_free(c);
	tpl_ctx_free(NULL);
}

/* A big value expands whole; a huge template does not crash. */
static void
test_big(void **state)
{
	static char big[100000];
	struct tpl_ctx *c = tpl_ctx_new();
	const char *why;
	char *out = NULL;
	enum pl_status st;
	int i;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	tpl_set(c, "big", big);
	assert_int_equal(tpl_expand("<{{big}}>", c, &out, &why), PL_OK);
	assert_int_equal(strlen(out), sizeof big + 1);
	free(out);
	for (i = 0; i < 1000; i++)
		tpl_add(c, "l", big);
	/* 100 MB of output: refused or capped, never unbounded. */
	st = tpl_expand("{{#l}}{{item}}{{/l}}", c, &out, &why);
	if (st == PL_OK) {
		assert_true(strlen(out) <= (1u << 20));
		free(out);
	} else
		assert_int_equal(st, PL_EINPUT);
	tpl_ctx_free(c);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_render(void **state)
{
	char *dir = tl_tmpdir(), sub[4200], *subject, *body;
	struct tpl_ctx *c = tpl_ctx_new();
	const char *why;

	(void)state;
	snprintf(sub, sizeof sub, "%s/reply", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "ok.txt", "Subject: Permohonan {{code}} diterima\n\n"
	    "Yth. {{nama}},\n{{#missing}}\n- {{item}}\n{{/missing}}\nSalam\n");
	write_file(sub, "nosubj.txt", "Yth. {{nama}}\n\nisi\n");
	write_file(sub, "noblank.txt", "Subject: x\nYth.\n");
	write_file(sub, "bad.txt", "Subject: x\n\n{{#missing}}\n");
	write_file(sub, "inject.txt", "Subject: {{code}}\n\nisi\n");

	tpl_set(c, "code", "SE-2026-000001");
	tpl_set(c, "nama", "Budi");
	tpl_add(c, "missing", "KTP");
	assert_int_equal(tpl_render(dir, "ok", c, &subject, &body, &why),
	    PL_OK);
	assert_string_equal(subject, "Permohonan SE-2026-000001 diterima");
	assert_string_equal(body, "Yth. Budi,\n- KTP\nSalam\n");
	free(subject);
	free(body);

	assert_int_equal(tpl_render(dir, "nosuch", c, &subject, &body, &why),
	    PL_ECONF);
	assert_null(subject);
	assert_null(body);
	assert_int_equal(tpl_render(dir, "nosubj", c, &subject, &body, &why),
	    PL_ECONF);
	assert_int_equal(tpl_render(dir, "noblank", c, &subject, &body, &why),
	    PL_ECONF);
	assert_int_equal(tpl_render(dir, "bad", c, &subject, &body, &why),
	    PL_ECONF);
	assert_null(subject);
	assert_null(body);
	assert_int_equal(tpl_render("/nonexistent/dir", "ok", c, &subject,
	    &body, &why), PL_ECONF);

	/* A value with CR LF cannot end the Subject line early. */
	tpl_set(c, "code", "SE-1\r\nBcc: evil@x\n\nbody");
	assert_int_equal(tpl_render(dir, "inject", c, &subject, &body, &why),
	    PL_OK);
	assert_false(tl_has_crlf(subject));
	assert_non_null(strstr(subject, "Bcc: evil@x"));
	assert_string_equal(body, "isi\n");
	free(subject);
	free(body);

	tpl_ctx_free(c);
	tl_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_table),
		cmocka_unit_test(test_errors_in_hidden_sections),
		cmocka_unit_test(test_values_stripped),
		cmocka_unit_test(test_set_replace),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
