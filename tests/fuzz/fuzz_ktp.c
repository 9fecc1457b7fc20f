/*
 * fuzz_ktp: the KTP field parser on OCR words. The input is words, one
 * a line: "x0 y0 x1 y1 conf line text" (numbers first), the rest text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktp.h"

#define MAX_WORDS	400

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ocr_word w[MAX_WORDS];
	struct ktp_fields f;
	char *s = malloc(size + 1), *line, *p;
	size_t n = 0;
	int off;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (p = s; (line = strsep(&p, "\n")) != NULL && n < MAX_WORDS;) {
		off = 0;
		if (sscanf(line, "%d %d %d %d %f %d %n", &w[n].x0, &w[n].y0,
		    &w[n].x1, &w[n].y1, &w[n].conf, &w[n].line, &off) < 6)
			continue;
		w[n++].text = line + off;
	}
	memset(&f, 0, sizeof f);
	ktp_parse(w, n, 740, &f);
	ktp_fields_free(&f);
	free(s);
	return 0;
}
