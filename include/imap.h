/* imap.h: the office inbox over IMAP (libetpan), TLS verified. */
#ifndef PL_IMAP_H
#define PL_IMAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "pipeline.h"

struct imap;

/* A message waiting in the inbox. */
struct imap_msg {
	uint32_t	 uid;
	uint32_t	 size;		/* RFC822.SIZE as the server says */
};

/*
 * Connect ([imap] host, port, security), verify the server's certificate
 * and name before LOGIN (plaintext only to a loopback address and only
 * when configured), log in, make sure the Processed and Quarantine
 * mailboxes exist, and select the inbox. PL_ETEMP (retry with backoff)
 * or PL_ECONF (the operator must act: bad password, plaintext to a remote
 * host) with why.
 */
enum pl_status	 imap_open(const struct conf *cf, struct imap **out,
		    char *why, size_t whysize);
void		 imap_close(struct imap *im);	/* logs out; NULL-safe */

/* UIDVALIDITY of the selected inbox. */
uint32_t	 imap_uidvalidity(const struct imap *im);

/* Every message in the inbox, lowest UID first (*msgs is the caller's). */
enum pl_status	 imap_list(struct imap *im, struct imap_msg **msgs,
		    size_t *n);

/* The whole message (BODY.PEEK[], the \Seen flag untouched). */
enum pl_status	 imap_fetch(struct imap *im, uint32_t uid, size_t max,
		    char **raw, size_t *len);

/*
 * Move one message to mailbox: UID MOVE, or COPY + \Deleted + UID
 * EXPUNGE of that UID alone where MOVE is missing (a plain EXPUNGE would
 * remove every \Deleted message, not only ours).
 */
enum pl_status	 imap_move(struct imap *im, uint32_t uid,
		    const char *mailbox);

/*
 * Wait for new mail: IDLE until the server reports something, timeout_s
 * passes, or *stop is set (checked every second); NOOP-polls when the
 * server has no IDLE. PL_ETEMP when the connection is lost.
 */
enum pl_status	 imap_wait(struct imap *im, int timeout_s,
		    volatile sig_atomic_t *stop);

#endif
