/* test_vault: AES-256-GCM sealing of stored files, keys from a key file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

#include "token.h"
#include "vault.h"

#define ID_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_B "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define TEXT "Nama: Uji Coba\r\nNIK: 3375010101900001\r\n"

struct fx {
	char		*dir;
	char		 path[4200];
	struct vault	*v;
	unsigned char	 seed[VAULT_SEED_LEN];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char why[256];
	bool created = false;

	if (f == NULL)
		return -1;
	f->dir = tl_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/sub/master.key", f->dir);
	f->v = vault_load(f->path, true, &created, why, sizeof why);
	if (f->v == NULL || !created || vault_new_seed(f->seed) == -1) {
		print_error("vault_load: %s\n", why);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	vault_free(f->v);
	tl_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Seal TEXT as ID_A; the caller frees *c. */
static size_t
seal_text(struct fx *f, unsigned char **c)
{
	size_t n = 0;

	assert_int_equal(vault_seal(f->v, f->seed, ID_A, TEXT, strlen(TEXT), c,
	    &n), 0);
	return n;
}

/* What is sealed opens again, whole; the ciphertext hides the text. */
static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	unsigned char *c, *p, *c2;
	size_t n, pn, n2;
	char why[200];
	struct stat sb;

	n = seal_text(f, &c);
	assert_true(vault_is_sealed(c, n));
	assert_true(n > strlen(TEXT) && n <= strlen(TEXT) + VAULT_OVERHEAD);
	assert_null(memmem(c, n, "3375010101900001", 16));
	assert_null(memmem(c, n, "Uji", 3));
	assert_int_equal(vault_open(f->v, f->seed, ID_A, c, n, &p, &pn, why,
	    sizeof why), 0);
	assert_int_equal(pn, strlen(TEXT));
	assert_memory_equal(p, TEXT, pn);
	assert_int_equal(p[pn], '\0');
	/* The same text sealed twice differs (a fresh nonce). */
	assert_int_equal(vault_seal(f->v, f->seed, ID_A, TEXT, strlen(TEXT),
	    &c2, &n2), 0);
	assert_int_equal(n, n2);
	assert_true(memcmp(c, c2, n) != 0);
	free(c);
	free(c2);
	free(p);
	/* The key file was made private. */
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
}

/* Every byte matters: a flip anywhere (header, nonce, text, tag) fails. */
static void
test_every_byte(void **state)
{
	struct fx *f = *state;
	unsigned char *c, *p;
	size_t n, pn, i;
	char why[200];

	n = seal_text(f, &c);
	for (i = 0; i < n; i++) {
		c[i] ^= 0x01;
		p = (unsigned char *)"sentinel";
		if (vault_open(f->v, f->seed, ID_A, c, n, &p, &pn, why,
		    sizeof why) != -1 || p != NULL) {
			print_error("byte %zu flipped: opened\n", i);
			tl_failures++;
		}
		c[i] ^= 0x01;
	}
	/* Cut short at every length: never opens. */
	for (i = 0; i < n; i++)
		if (vault_open(f->v, f->seed, ID_A, c, i, &p, &pn, why,
		    sizeof why) != -1) {
			print_error("cut at %zu: opened\n", i);
			tl_failures++;
		}
	free(c);
	assert_int_equal(tl_failures, 0);
}

/* Another file id, another seed, another master key: nothing opens. */
static void
test_binding(void **state)
{
	struct fx *f = *state;
	unsigned char *c, *p, seed2[VAULT_SEED_LEN];
	struct vault *other;
	char path[4300], why[200];
	size_t n, pn;

	n = seal_text(f, &c);
	assert_int_equal(vault_open(f->v, f->seed, ID_B, c, n, &p, &pn, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "does not verify"));
	memcpy(seed2, f->seed, sizeof seed2);
	seed2[31] ^= 0x80;
	assert_int_equal(vault_open(f->v, seed2, ID_A, c, n, &p, &pn, why,
	    sizeof why), -1);
	/* A second key file: same ids, other key (and other key id). */
	snprintf(path, sizeof path, "%s/other.key", f->dir);
	other = vault_load(path, true, NULL, why, sizeof why);
	assert_non_null(other);
	assert_int_equal(vault_open(other, f->seed, ID_A, c, n, &p, &pn, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "not in the key file"));
	vault_free(other);
	free(c);
}

/* Rotation: a new key on top seals; files of the old key still open. */
static void
test_rotation(void **state)
{
	struct fx *f = *state;
	unsigned char *c, *c2, *p;
	struct vault *rot, *old;
	char line[200], text[4096], why[200];
	size_t n, n2, pn, len;
	FILE *fp;
	int fd;

	n = seal_text(f, &c);
	fp = fopen(f->path, "r");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text - 1, fp);
	text[len] = '\0';
	fclose(fp);
	snprintf(line, sizeof line, "newkey %s\n",
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	fd = open(f->path, O_WRONLY | O_TRUNC);
	assert_true(fd != -1);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	rot = vault_load(f->path, false, NULL, why, sizeof why);
	assert_non_null(rot);
	assert_int_equal(vault_open(rot, f->seed, ID_A, c, n, &p, &pn, why,
	    sizeof why), 0);
	free(p);
	assert_int_equal(vault_seal(rot, f->seed, ID_A, TEXT, strlen(TEXT),
	    &c2, &n2), 0);
	assert_memory_equal(c2 + 6, "newkey", 6);
	/* The vault without the new key cannot open what it sealed. */
	old = f->v;
	assert_int_equal(vault_open(old, f->seed, ID_A, c2, n2, &p, &pn, why,
	    sizeof why), -1);
	vault_free(rot);
	free(c);
	free(c2);
}

/* Empty and large plaintexts; a key file others can read is refused. */
static void
test_sizes_and_files(void **state)
{
	struct fx *f = *state;
	unsigned char *c, *p, *big;
	size_t n, pn, i, bn = 5u << 20;
	char why[200];

	assert_int_equal(vault_seal(f->v, f->seed, ID_A, "", 0, &c, &n), 0);
	assert_int_equal(vault_open(f->v, f->seed, ID_A, c, n, &p, &pn, why,
	    sizeof why), 0);
	assert_int_equal(pn, 0);
	free(c);
	free(p);
	big = malloc(bn);
	assert_non_null(big);
	for (i = 0; i < bn; i++)
		big[i] = (unsigned char)(i * 31 + (i >> 9));
	assert_int_equal(vault_seal(f->v, f->seed, ID_B, big, bn, &c, &n), 0);
	assert_int_equal(vault_open(f->v, f->seed, ID_B, c, n, &p, &pn, why,
	    sizeof why), 0);
	assert_int_equal(pn, bn);
	assert_memory_equal(p, big, bn);
	free(big);
	free(c);
	free(p);
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_null(vault_load(f->path, false, NULL, why, sizeof why));
	assert_non_null(strstr(why, "chmod 600"));
	assert_null(vault_load("/nonexistent/master.key", false, NULL, why,
	    sizeof why));
}

/* File ids: 64 lower-case hex digits, random; nothing else is one. */
static void
test_ids(void **state)
{
	char a[VAULT_ID_LEN + 1], b[VAULT_ID_LEN + 1];
	static const char *bad[] = { "", "../etc/passwd", ID_A "0",
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd/.",
	};
	size_t i;

	(void)state;
	assert_int_equal(vault_new_id(a), 0);
	assert_int_equal(vault_new_id(b), 0);
	assert_true(vault_id_ok(a) && vault_id_ok(b) && vault_id_ok(ID_A));
	assert_string_not_equal(a, b);
	for (i = 0; i < TL_NELEM(bad); i++)
		assert_false(vault_id_ok(bad[i]));
	assert_false(vault_id_ok(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_every_byte, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sizes_and_files, setup,
		    teardown),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
