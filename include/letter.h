/* letter.h: the office's letter as a PDF, laid out by an XML template. */
#ifndef PL_LETTER_H
#define PL_LETTER_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"
#include "template.h"

/* Caps on a layout and on what it may produce. */
#define LETTER_MAX_LAYOUT	(256u << 10)	/* bytes of XML */
#define LETTER_MAX_NODES	2000		/* elements in a layout */
#define LETTER_MAX_PEOPLE	500		/* rows of the applicants' table */
#define LETTER_MAX_PAGES	100
#define LETTER_MAX_TEXT		4096		/* bytes of one value */
#define LETTER_MAX_CELL		160		/* bytes of a table cell */

/* One row of the applicants' table; any value may be NULL. */
struct letter_person {
	const char	*nama, *nik, *nip, *jabatan, *unit_kerja, *email;
};

struct letter {
	const char			*layout;	/* XML file */
	bool				 final;		/* else a draft */
	const char			*qr;		/* final: what the QR holds */
	const struct letter_person	*people;
	size_t				 npeople;
	struct tpl_ctx			*vars;		/* {{...}} values */
	const char			*title;		/* PDF Title */
	long long			 date;		/* PDF dates (epoch) */
};

/*
 * Render l into a PDF (*pdf, *len: the caller's) of *pages pages. Text is
 * made valid UTF-8 without controls before libharu sees it. The layout
 * must be plain XML: a DOCTYPE or an entity is refused. PL_ECONF with
 * why (a sentence, with the layout's line) when the layout is wrong,
 * PL_EINPUT when the data cannot be laid out (too many rows or pages).
 */
enum pl_status	 letter_render(const struct letter *l, char **pdf,
		    size_t *len, int *pages, char *why, size_t whysize);

/* "1 (satu)", "12 (dua belas)" for 0..999 into out. */
void		 letter_count_words(unsigned n, char *out, size_t size);

/* NIP grouped as printed: "19850312 201001 1 003" (else a copy of nip). */
void		 letter_nip_format(const char *nip, char *out, size_t size);

#endif
