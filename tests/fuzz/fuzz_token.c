/* fuzz_token: reply tokens in addresses, and the verifier's commands. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "verifier.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_key k = { "k1", { 1, 2, 3 } };
	char *s = malloc(size + 1), tok[TOKEN_MAX_LEN + 1], code[32],
	    reason[512];
	const char *ar[1];

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (token_from_address(s, tok, sizeof tok) == 0)
		(void)token_check(&k, 1, tok, "v@x.id", 1795000000, code,
		    sizeof code);
	(void)token_check(&k, 1, s, "v@x.id", 1795000000, code, sizeof code);
	(void)verifier_command(s, reason, sizeof reason);
	ar[0] = s;
	(void)verifier_auth_ok(ar, 1, "mx.example.id");
	free(s);
	return 0;
}
