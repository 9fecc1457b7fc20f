/* mime.h: the parse stage: raw RFC 5322 bytes to a struct pl_msg. */
#ifndef PL_MIME_H
#define PL_MIME_H

#include <stddef.h>

#include "pipeline.h"

/*
 * Check structure before libetpan sees the bytes (it recurses without a
 * limit): header block and line sizes, NUL in headers, MIME depth, part
 * count, boundary length. PL_OK or PL_EINPUT with *why a static string.
 */
enum pl_status	 mime_precheck(const char *raw, size_t len, const char **why);

/*
 * Parse len bytes at raw (which may be freed after return). On PL_OK *out
 * is the caller's: release with mime_free(). On PL_EINPUT *why is a static
 * string (English, for logs and the quarantine reason).
 */
enum pl_status	 mime_parse(const char *raw, size_t len, struct pl_msg **out,
		    const char **why);
void		 mime_free(struct pl_msg *msg);		/* NULL-safe */

/*
 * The Message-ID of raw found by a bounded scan of its top header block,
 * without parsing MIME: for naming messages that cannot be parsed. NULL
 * when there is none; else "<id>" the caller owns.
 */
char		*mime_quick_msgid(const char *raw, size_t len);

/* Add a note (copied) to msg: problems the applicant should hear about. */
void		 mime_note(struct pl_msg *msg, const char *note);

/*
 * Parse one address ("Name <a@b>", "a@b") of a header value into a
 * lower-case addr-spec and a UTF-8 display name; -1 if there is no valid
 * address. Both results are the caller's (*name may be NULL).
 */
int		 mime_addr(const char *value, char **name, char **email);

#endif
