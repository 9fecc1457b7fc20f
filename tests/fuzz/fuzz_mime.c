/* fuzz_mime: message parse, part walk and classification (libFuzzer). */
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "mime.h"
#include "unzip.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_msg *m = NULL;
	const char *why;
	size_t i;

	if (mime_parse((const char *)data, size, &m, &why) != PL_OK)
		return 0;
	unzip_expand(m);
	for (i = 0; i < m->nparts; i++)
		(void)classify_name(m->parts[i].filename);
	(void)classify_text(m->body_text);
	mime_free(m);
	return 0;
}
