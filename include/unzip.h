/* unzip.h: ZIP attachments unpacked into parts, with caps (libarchive). */
#ifndef PL_UNZIP_H
#define PL_UNZIP_H

#include "pipeline.h"

/*
 * Replace every ZIP part of msg (by magic bytes; Office documents are not
 * archives) by its files. Caps: PL_MAX_ZIP_ENTRIES files, PL_MAX_ZIP_TOTAL
 * bytes, PL_MAX_ZIP_RATIO expansion, PL_MAX_ATTACH parts in all. Nested
 * archives and encrypted entries are not opened. An archive over a cap or
 * unreadable stays one part and a note (Indonesian, for the reply) is
 * added to msg; nothing is lost. Always PL_OK today; keeps the stage
 * signature.
 */
enum pl_status	 unzip_expand(struct pl_msg *msg);

#endif
