/*
 * replay: run a fuzz target over files without libFuzzer, so `make check`
 * replays every seed and every crash ever found (tests/fuzz/corpus/, built
 * with the normal compiler and, with SANITIZE=1, the sanitizers).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	char *p;
	size_t n;
	int i, ran = 0;

	for (i = 1; i < argc; i++) {
		if (file_read(argv[i], 64u << 20, &p, &n) == -1) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)p, n);
		free(p);
		ran++;
	}
	printf("replay: %d inputs\n", ran);
	return 0;
}
