/* reply.h: outgoing RFC 5322 mail (headers encoded, CR/LF stripped). */
#ifndef PL_REPLY_H
#define PL_REPLY_H

#include <stddef.h>
#include <time.h>

#include "pipeline.h"

struct reply {
	const char	*from_name;	/* our display name */
	const char	*from_email;	/* our address */
	const char	*hostname;	/* for the Message-ID */
	const char	*to;		/* addr-spec */
	const char	*cc;		/* addr-spec or NULL */
	const char	*subject;	/* UTF-8 */
	const char	*body;		/* UTF-8, \n line ends */
	const char	*in_reply_to;	/* "<id>" or NULL */
	const char	*references;	/* "<a> <b>" or NULL */
	const char	*request_code;	/* X-Sertel-Request, or NULL */
	time_t		 date;
	const char	*reply_to;	/* addr-spec or NULL */
	const char	*att_name;	/* one attachment, or NULL data */
	const char	*att_type;
	const char	*att_data;
	size_t		 att_len;
};

/*
 * Compose r as a complete message with CRLF line ends: Date, our own
 * Message-ID (returned in *msgid, the caller's), RFC 2047 for non-ASCII
 * header text, every header value stripped of CR, LF and other controls,
 * Auto-Submitted: auto-replied, a quoted-printable UTF-8 body. PL_EINPUT
 * when an address is unusable. *raw is the caller's.
 */
enum pl_status	 reply_compose(const struct reply *r, char **raw, size_t *len,
		    char **msgid);
/* RFC 2047 "B" encoding of a UTF-8 phrase when it needs one (else a
 * copy); folded into words of at most 75 bytes. The caller owns it. */
char		*reply_encode_words(const char *utf8);

#endif
