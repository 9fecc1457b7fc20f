/* test_log: what reaches a log line; personal numbers never in clear. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "testlib.h"

#include "log.h"

/* Run fn with stderr going to a buffer; the text written, in out. */
static void
capture(void (*fn)(void), char *out, size_t size)
{
	char path[] = "/tmp/test_log.XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	assert_true(fd != -1 && saved != -1);
	fflush(stderr);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

static void
say_numbers(void)
{
	log_warnx("nik=%s nip=%s hp=%s t=%s", "3375011403880003",
	    "198803142011011002", "081226347719", "1795266297");
	errno = ENOENT;
	log_warn("why=\"form NIK 3375011403880003 differs\"");
}

/* NIK, NIP and phone numbers are masked by the logger itself. */
static void
test_masked(void **state)
{
	char out[4096];

	(void)state;
	capture(say_numbers, out, sizeof out);
	assert_null(strstr(out, "3375011403880003"));
	assert_null(strstr(out, "198803142011011002"));
	assert_null(strstr(out, "081226347719"));
	assert_non_null(strstr(out, "nik=3375**********03 "));
	assert_non_null(strstr(out, "nip=1988************02 "));
	assert_non_null(strstr(out, "hp=0812******19 "));
	assert_non_null(strstr(out, "why=\"form NIK 3375**********03 differs"));
	/* A unix time (10 digits) stays readable. */
	assert_non_null(strstr(out, "t=1795266297"));
}

static const struct {
	const char	*in, *want;
} esc_rows[] = {
	{ "plain", "plain" },
	{ "a\"b\\c", "a\\x22b\\x5cc" },
	{ "line\r\nnext", "line\\x0d\\x0anext" },
	{ "NIK 3375011403880003.", "NIK 3375**********03." },
	{ "1234567890", "1234****90" },
	{ "123456789", "123456789" },
	{ "", "" },
	{ NULL, "" },
};

/* log_esc: quotes, controls and digit runs made safe for key="value". */
static void
test_esc(void **state)
{
	char buf[LOG_ESC_SIZE], big[600];
	size_t i;

	(void)state;
	for (i = 0; i < TL_NELEM(esc_rows); i++)
		if (strcmp(log_esc(buf, sizeof buf, esc_rows[i].in),
		    esc_rows[i].want) != 0) {
			print_error("row %zu: \"%s\" -> \"%s\", want \"%s\"\n",
			    i, tl_esc(esc_rows[i].in), tl_esc(buf),
			    tl_esc(esc_rows[i].want));
			tl_failures++;
		}
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	log_esc(buf, sizeof buf, big);
	assert_true(strlen(buf) <= 203 && strcmp(buf + strlen(buf) - 3,
	    "...") == 0);
	assert_string_equal(log_mask(buf, sizeof buf, "3375011403880003"),
	    "3375**********03");
	assert_int_equal(tl_failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masked),
		cmocka_unit_test(test_esc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
