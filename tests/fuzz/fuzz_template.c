/* fuzz_template: the reply template engine on hostile templates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpl_ctx *c = tpl_ctx_new();
	char *s = malloc(size + 1), *out = NULL;
	const char *why;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	tpl_set(c, "nama", "Ani");
	tpl_set(c, "code", "SE-2026-000001");
	tpl_add(c, "missing", "ktp");
	tpl_add(c, "missing", "sk_jabatan");
	tpl_set(c, "empty", "");
	if (tpl_expand(s, c, &out, &why) == PL_OK)
		free(out);
	tpl_ctx_free(c);
	free(s);
	return 0;
}
