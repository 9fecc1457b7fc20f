/*
 * testlib.h: small helpers shared by the table-driven unit tests.
 *
 * A table test checks every row and reports each failing row (with the
 * row number and the input, escaped) before it fails, so one run shows
 * all the broken cases instead of the first one only. Expected strings
 * of NULL mean "must fail" (the function must return NULL).
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TL_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Failures recorded by the current test function. */
static int tl_failures;

/* s made printable for a failure message (static buffer, rotating). */
static inline const char *
tl_esc(const char *s)
{
	static char bufs[4][512];
	static int k;
	char *b = bufs[k++ & 3];
	size_t o = 0;
	const unsigned char *p;

	if (s == NULL)
		return "(null)";
	for (p = (const unsigned char *)s; *p && o + 8 < sizeof bufs[0]; p++) {
		if (*p == '\\' || *p == '"')
			o += (size_t)snprintf(b + o, 8, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(b + o, 8, "\\x%02x", *p);
		else
			b[o++] = (char)*p;
	}
	if (*p)
		o += (size_t)snprintf(b + o, 8, "...");
	b[o] = '\0';
	return b;
}

static inline void
tl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void
tl_fail(const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	print_error("  %s\n", line);
	tl_failures++;
}

/* Compare got with want (NULL: got must be NULL); record a failure. */
static inline bool
tl_str(const char *what, size_t row, const char *in, const char *got,
    const char *want)
{
	if (want == NULL && got == NULL)
		return true;
	if (want != NULL && got != NULL && strcmp(got, want) == 0)
		return true;
	tl_fail("row %zu %s(\"%s\"): got %s%s%s, want %s%s%s", row, what,
	    tl_esc(in), got ? "\"" : "", tl_esc(got), got ? "\"" : "",
	    want ? "\"" : "", tl_esc(want), want ? "\"" : "");
	return false;
}

static inline bool
tl_int(const char *what, size_t row, const char *in, long long got,
    long long want)
{
	if (got == want)
		return true;
	tl_fail("row %zu %s(\"%s\"): got %lld, want %lld", row, what,
	    tl_esc(in), got, want);
	return false;
}

/* Start and end of a table test: fail the test if any row failed. */
#define TL_BEGIN()	(tl_failures = 0)
#define TL_END()	do {						\
		if (tl_failures)					\
			fail_msg("%d row(s) failed", tl_failures);	\
	} while (0)

/* True if s contains a CR or an LF. */
static inline bool
tl_has_crlf(const char *s)
{
	return s != NULL && (strchr(s, '\r') != NULL || strchr(s, '\n') != NULL);
}

/* A fresh private directory under TMPDIR (or /tmp); caller frees. */
static inline char *
tl_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[4096];
	char *d;

	snprintf(tmpl, sizeof tmpl, "%s/sertel-test.XXXXXX", t && *t ? t :
	    "/tmp");
	d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

/* Remove a directory tree made by a test (files one level deep). */
static inline void
tl_rmtree(const char *dir)
{
	char cmd[4200];

	if (dir == NULL || strncmp(dir, "/", 1) != 0 ||
	    strstr(dir, "sertel-test.") == NULL)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		print_error("could not remove %s\n", dir);
}

#endif
