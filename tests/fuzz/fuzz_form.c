/* fuzz_form: form fields from text, forwarded blocks and senders. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form fm;
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	form_init(&fm);
	form_from_text(&fm, s, "body");
	form_from_text(&fm, form_forwarded_block(s), "body:forwarded");
	free(form_forwarded_from(s));
	form_free(&fm);
	free(s);
	return 0;
}
