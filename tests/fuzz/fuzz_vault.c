/* fuzz_vault: opening sealed files that may have been tampered with. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vault.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* One vault for the run, from a key file written once. */
static struct vault *
the_vault(void)
{
	static struct vault *v;
	char path[] = "/tmp/fuzz_vault.XXXXXX", why[200];
	int fd;
	static const char key[] = "k1 000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f\n";

	if (v != NULL)
		return v;
	if ((fd = mkstemp(path)) == -1)
		abort();
	if (write(fd, key, sizeof key - 1) != (ssize_t)(sizeof key - 1))
		abort();
	close(fd);
	v = vault_load(path, false, NULL, why, sizeof why);
	unlink(path);
	if (v == NULL)
		abort();
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vault *v = the_vault();
	unsigned char seed[VAULT_SEED_LEN] = { 7 }, *p, *c;
	size_t pn, cn;
	char why[200];

	/* Whatever the bytes, they do not open (no key was used on them)... */
	if (vault_open(v, seed, ID, data, size, &p, &pn, why, sizeof why) ==
	    0)
		abort();
	/* ...and sealed, they open to themselves. */
	if (vault_seal(v, seed, ID, data, size, &c, &cn) != 0)
		abort();
	if (vault_open(v, seed, ID, c, cn, &p, &pn, why, sizeof why) != 0 ||
	    pn != size || (size && memcmp(p, data, size) != 0))
		abort();
	free(p);
	free(c);
	return 0;
}
