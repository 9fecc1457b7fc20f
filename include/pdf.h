/* pdf.h: text layer and form fields of a PDF, read in a capped worker. */
#ifndef PL_PDF_H
#define PL_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

struct pdf_field {
	char	*name;		/* owned; fully qualified field name */
	char	*value;		/* owned; UTF-8 */
};

struct pdf_info {
	char		*text;		/* owned; UTF-8 text of the first pages */
	int		 pages;
	bool		 encrypted;	/* needs a password: nothing read */
	struct pdf_field *fields;	/* owned; filled text fields */
	size_t		 nfields;
};

/*
 * Read n bytes of PDF at p with poppler in a forked worker limited to
 * PL_PDF_MEM of address space and PL_PDF_TIMEOUT_S seconds; at most
 * PL_MAX_PDF_PAGES pages and PL_MAX_PDF_TEXT bytes of text. PL_OK fills
 * *out (release with pdf_info_free); PL_EINPUT with *why static when the
 * file is not a readable PDF; PL_ETEMP when no worker could be started.
 */
enum pl_status	 pdf_read(const unsigned char *p, size_t n,
		    struct pdf_info *out, const char **why);
void		 pdf_info_free(struct pdf_info *info);	/* NULL-safe */

/*
 * Render the first page of a PDF in this process (call it only inside a
 * capped worker) at dpi, refusing pages of more than max_pixels. On 0
 * *rgba (cairo ARGB32, the caller's) holds h rows of stride bytes.
 */
int		 pdf_render_first(const unsigned char *p, size_t n, int dpi,
		    size_t max_pixels, unsigned char **rgba, int *w, int *h,
		    int *stride);

/* The same for page index (0-based; negative from the end, -1 last). */
int		 pdf_render_page(const unsigned char *p, size_t n, int index,
		    int dpi, size_t max_pixels, unsigned char **rgba, int *w,
		    int *h, int *stride);
#endif
