/* fuzz_layout: the XML letter layout through the whole renderer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "letter.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_layout.XXXXXX", why[256], *pdf = NULL;
	struct letter_person p = { "Ani Lestari", "3375014101900001",
	    "199001012015032001", "Analis", "Diskominfo", "ani@x.go.id" };
	struct letter l = { 0 };
	size_t len;
	int fd = mkstemp(path), pages;

	if (fd == -1)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		l.layout = path;
		l.vars = tpl_ctx_new();
		tpl_set(l.vars, "nomor", "1/2/3");
		l.people = &p;
		l.npeople = 1;
		l.qr = "SERTEL-TTE\nNomor: 1\nSHA-256: 00";
		l.final = size % 2;
		if (letter_render(&l, &pdf, &len, &pages, why, sizeof why) ==
		    PL_OK)
			free(pdf);
		tpl_ctx_free(l.vars);
	}
	close(fd);
	unlink(path);
	return 0;
}
