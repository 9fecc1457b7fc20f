/* fuzz_html: HTML bodies to text (libxml2's HTML parser, no network). */
#include <stdint.h>
#include <stdlib.h>

#include "html.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	free(html_to_text((const char *)data, size, "utf-8"));
	return 0;
}
