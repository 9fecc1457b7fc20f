/* classify.h: which of the five documents an attachment is. */
#ifndef PL_CLASSIFY_H
#define PL_CLASSIFY_H

#include "pipeline.h"

/*
 * The document type a file name says, DOC_OTHER when it says nothing
 * ("scan0001.pdf", "IMG_20261121_093015.jpg", "document.pdf"). name may
 * be NULL. Pure.
 */
enum pl_doctype	 classify_name(const char *name);
/* The document type the text of a document says (titles first). Pure. */
enum pl_doctype	 classify_text(const char *text);
/* Parse a type name ("ktp"); DOC_NTYPES when unknown. */
enum pl_doctype	 classify_parse(const char *name);

#endif
