/* magic.h: what a file is, from its first bytes (never its declared type). */
#ifndef PL_MAGIC_H
#define PL_MAGIC_H

#include <stddef.h>

#include "pipeline.h"

/* The kind of the n bytes at p; FK_UNKNOWN when nothing matches. */
enum pl_filekind magic_kind(const unsigned char *p, size_t n);
/* The MIME type we record for a kind, e.g. "application/pdf". */
const char	*magic_mime(enum pl_filekind k);
/* True for the raster formats sertel can look at (JPEG, PNG, TIFF). */
int		 magic_is_image(enum pl_filekind k);

#endif
