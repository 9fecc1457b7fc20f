/* fuzz_conf: the INI configuration (libinih) and the hours it holds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_conf.XXXXXX";
	struct conf cf;
	const char *why;
	int fd = mkstemp(path), line;

	if (fd == -1)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		conf_load(&cf, path, &why, &line);
		conf_free(&cf);
	}
	close(fd);
	unlink(path);
	return 0;
}
