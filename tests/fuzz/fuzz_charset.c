/* fuzz_charset: RFC 2047 words, RFC 2231 parameters, file names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *r, *p, *next;
	struct rfc2231_param prm[8];
	size_t n = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	free(rfc2047_decode(s));
	free(filename_clean(s));
	free(charset_to_utf8("windows-1252", s, size));
	/* "name=value;name=value..." as RFC 2231 pieces. */
	for (p = s; p && n < 8; p = next) {
		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		if ((r = strchr(p, '=')) == NULL)
			continue;
		*r = '\0';
		prm[n].name = p;
		prm[n++].value = r + 1;
	}
	free(rfc2231_decode(prm, n, "filename"));
	free(s);
	return 0;
}
