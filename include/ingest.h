/* ingest.h: sources of raw messages (Maildir, mbox, .eml, stdin). */
#ifndef PL_INGEST_H
#define PL_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

struct ingest;

/* One message as read from its source. */
struct raw_msg {
	char	*data;		/* owned; NULL when too_big */
	size_t	 len;		/* bytes read (or the size, when too_big) */
	bool	 too_big;	/* over PL_MAX_MSG: not read */
	char	*source;	/* owned; "maildir:new/NAME", "mbox:PATH#3" */
};

struct ingest_ops {
	const char	*name;		/* "maildir", "mbox", "file" */
	enum pl_status	(*open)(struct ingest **, const char *path);
	/* PL_OK with *m filled (release with raw_msg_clear); PL_DONE at end. */
	enum pl_status	(*next)(struct ingest *, struct raw_msg *m);
	/* Acknowledge m to its source after it is committed. */
	enum pl_status	(*ack)(struct ingest *, const struct raw_msg *m);
	size_t		(*count)(struct ingest *);	/* for progress */
	void		(*close)(struct ingest *);	/* NULL-safe */
};
/* ingest_maildir_new_ops reads a Maildir's new/ only (the daemon). */
extern const struct ingest_ops ingest_maildir_new_ops;
extern const struct ingest_ops ingest_maildir_ops, ingest_mbox_ops,
    ingest_file_ops;

/* Pick the backend for path: a Maildir, an mbox, or one .eml ("-": stdin). */
const struct ingest_ops *ingest_detect(const char *path);
void	raw_msg_clear(struct raw_msg *m);

#endif
