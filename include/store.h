/* store.h: durable state in SQLite (WAL, synchronous=FULL), one writer. */
#ifndef PL_STORE_H
#define PL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pipeline.h"

struct store;

/*
 * Open (creating and migrating) the database at path. With lock, take an
 * exclusive lock on "path.lock" first: wait up to wait_s seconds for it
 * (0: don't wait); PL_ETEMP when another instance holds it. PL_ECONF when
 * the file cannot be opened or is from a newer sertel. *why is static.
 */
enum pl_status	 store_open(const char *path, bool lock, int wait_s,
		    struct store **out, const char **why);
void		 store_close(struct store *st);		/* NULL-safe */
int		 store_schema_version(struct store *st);

/*
 * Personal data at rest (vault.h): raw messages, documents and outgoing
 * mail are sealed under the master keys of v (the store takes it). With
 * no vault, storing any of them fails with PL_ECONF.
 */
struct vault;
void		 store_set_vault(struct store *st, struct vault *v);
/* True when anything was ever sealed in this store. */
bool		 store_sealed_any(struct store *st);
/* Seal p[0..n) into a new file dir/id (id: 64 hex digits, returned),
 * its key recorded in the caller's transaction. */
enum pl_status	 store_file_put(struct store *st, const char *dir,
		    const void *p, size_t n, char id[65]);
/* The plaintext of dir/id, only once its tag verified (*p is the
 * caller's, NUL-terminated); PL_EINPUT with why when it cannot be. */
enum pl_status	 store_file_get(struct store *st, const char *dir,
		    const char *id, char **p, size_t *n, char *why,
		    size_t whysize);
/* The raw message of messages row, the same way. */
enum pl_status	 store_msg_raw(struct store *st, int64_t row, char **p,
		    size_t *n, char *why, size_t whysize);

/* One transaction per message: BEGIN IMMEDIATE ... COMMIT. */
enum pl_status	 store_begin(struct store *st);
enum pl_status	 store_commit(struct store *st);
void		 store_rollback(struct store *st);

/* An incoming message as it is recorded. */
struct store_msg {
	const char	*message_id;	/* "" when absent */
	const char	*sha256;
	const char	*raw;		/* may be NULL (over the size cap) */
	size_t		 size;
	const char	*source;	/* "maildir:...", "stdin" */
	const char	*from_email;
	const char	*subject;
	const char	*date;
	time_t		 received_at;
	int64_t		 request_id;	/* 0: none */
	const char	*disposition;	/* request|followup|ignored|quarantined */
	const char	*reason;
};

/* True (and *row set) when this Message-ID with this hash is stored. */
bool		 store_msg_seen(struct store *st, const char *message_id,
		    const char *sha256, int64_t *row);
enum pl_status	 store_msg_add(struct store *st, const struct store_msg *m,
		    int64_t *row);
/* The request a Message-ID (incoming or our own outgoing) belongs to. */
bool		 store_thread_find(struct store *st, const char *message_id,
		    int64_t *request_id);
/* The request with this code ("SE-2026-000001"). */
bool		 store_req_by_code(struct store *st, const char *code,
		    int64_t *request_id);

/* A new request with the next code of year; *code gets the code. */
enum pl_status	 store_req_new(struct store *st, const char *type, int year,
		    const char *applicant_email, const char *applicant_name,
		    const char *forwarder, time_t now, int64_t *id,
		    char code[24]);
/* Load a whole request into r (release with pl_request_clear). */
enum pl_status	 store_req_load(struct store *st, int64_t id,
		    struct pl_request *r);
/* Set status and missing list, add the event: one call per transition. */
enum pl_status	 store_req_status(struct store *st, int64_t id,
		    const char *status, const char *actor, const char *reason,
		    char *const *missing, size_t nmissing, time_t now);
/* Update the missing list without a transition (no event). */
enum pl_status	 store_req_missing(struct store *st, int64_t id,
		    char *const *missing, size_t nmissing, time_t now);
enum pl_status	 store_req_touch(struct store *st, int64_t id, time_t now);
/* The holder of a renewal says their data changed: the form is needed. */
enum pl_status	 store_req_data_changed(struct store *st, int64_t id);
/* The kind ("cert_reminder", ...) of one of our mails, by Message-ID. */
bool		 store_out_kind(struct store *st, const char *message_id,
		    char *kind, size_t size);
enum pl_status	 store_field_set(struct store *st, int64_t id,
		    const struct pl_field *f, int64_t msg_row);
/* True when this request already has a document with this hash. */
bool		 store_doc_has(struct store *st, int64_t id,
		    const char *sha256);
enum pl_status	 store_doc_add(struct store *st, int64_t id, int64_t msg_row,
		    const struct pl_doc *d, time_t now);
enum pl_status	 store_checks_set(struct store *st, int64_t id,
		    const struct pl_check *c, size_t n);

/* Ids of requests, newest last; status NULL for all. Caller frees *ids. */
enum pl_status	 store_req_list(struct store *st, const char *status,
		    int64_t **ids, size_t *n);

/* A quarantined or ignored message, for `list --quarantine`. */
struct store_held {
	int64_t	 row;
	char	*message_id, *from_email, *subject, *disposition, *reason;
	char	 received_at[32];
};
enum pl_status	 store_held_list(struct store *st, bool with_ignored,
		    struct store_held **out, size_t *n);
void		 store_held_free(struct store_held *h, size_t n);

/* Outgoing mail, written in the transaction of its status change. */
struct store_out {
	int64_t		 id;
	int64_t		 request_id;	/* 0: none */
	char		*message_id;	/* owned; with brackets */
	char		*rcpt;		/* owned; comma separated */
	char		*raw;		/* owned; CRLF message; NULL: the
					   sealed copy does not open */
	size_t		 len;
	char		*status;	/* owned; queued|sent|failed */
	int		 attempts;
};
enum pl_status	 store_out_add(struct store *st, int64_t request_id,
		    const char *message_id, const char *rcpt, const char *kind,
		    const char *raw, size_t len, time_t now);
/* Queued mail due at now, oldest first, at most max. */
enum pl_status	 store_out_due(struct store *st, time_t now, size_t max,
		    struct store_out **out, size_t *n);
enum pl_status	 store_out_done(struct store *st, int64_t id, bool ok,
		    bool permanent, const char *error, time_t now);
void		 store_out_free(struct store_out *o, size_t n);
/* Mails to rcpt accepted since t (the daily cap on automatic mail). */
int		 store_out_sent_since(struct store *st, const char *rcpt,
		    time_t since);
/* Keep a queued mail back until t, with the reason. */
enum pl_status	 store_out_defer(struct store *st, int64_t id, time_t until,
		    const char *why);
/* Outgoing mail that failed for good, or waits after a failed try. */
struct store_pending {
	int64_t	 id;
	char	*code, *rcpt, *kind, *status, *error;	/* owned */
	int	 attempts;
	time_t	 next_at;
};
enum pl_status	 store_out_pending(struct store *st,
		    struct store_pending **out, size_t *n);
void		 store_pending_free(struct store_pending *p, size_t n);
/* Count of outbox rows by status, for the summary. */
int		 store_out_count(struct store *st, const char *status);

/*
 * One more try at IMAP message uid (its own transaction, before the
 * message is processed): *tries counts them, across crashes. Done when
 * the message has left the inbox.
 */
enum pl_status	 store_imap_try(struct store *st, const char *mailbox,
		    uint32_t uidvalidity, uint32_t uid, time_t now, int *tries);
enum pl_status	 store_imap_done(struct store *st, const char *mailbox,
		    uint32_t uidvalidity, uint32_t uid);

struct cert_info;
/* Keep an issued certificate (once per DER hash), for the renewals. */
enum pl_status	 store_cert_add(struct store *st, int64_t request_id,
		    const struct cert_info *c, const char *source, time_t now);

/* Record a service-level mail of kind for a request; *fresh is false
 * when one was recorded before (then nothing is to be sent). */
enum pl_status	 store_sla_notice(struct store *st, int64_t request_id,
		    const char *kind, time_t now, bool *fresh);

/* A kept certificate, for the reminders and `sertel cert list`. */
struct store_cert {
	int64_t	 id, request_id;	/* request_id 0: imported */
	char	*subject, *email, *serial, *code;	/* owned */
	time_t	 not_before, not_after;
};
/* Every certificate, the soonest to expire first. */
enum pl_status	 store_cert_list(struct store *st, struct store_cert **out,
		    size_t *n);
void		 store_cert_free(struct store_cert *c, size_t n);
/* Record reminder step (days before expiry; 0 = on expiry) of a
 * certificate; *fresh false when it was recorded before. */
enum pl_status	 store_cert_notice(struct store *st, int64_t cert_id,
		    int step, time_t now, bool *fresh);

/* A complaint (pengaduan). */
struct store_complaint {
	int64_t	 id, request_id;
	char	*code, *from_email, *subject, *body, *message_id, *status,
		*note;				/* owned (const on insert) */
	time_t	 opened_at, escalated_at, closed_at;	/* 0: not yet */
};
/* A new complaint with the next "ADU-YYYY-NNNN" of year into code. */
enum pl_status	 store_complaint_new(struct store *st,
		    const struct store_complaint *c, int year, char code[24],
		    int64_t *id);
enum pl_status	 store_complaint_list(struct store *st, bool open_only,
		    struct store_complaint **out, size_t *n);
bool		 store_complaint_get(struct store *st, const char *code,
		    struct store_complaint *c);
/* Set what is not NULL/0: status, note, escalated_at, closed_at. */
enum pl_status	 store_complaint_set(struct store *st, int64_t id,
		    const char *status, const char *note, time_t escalated_at,
		    time_t closed_at);
void		 store_complaint_free(struct store_complaint *c, size_t n);
void		 store_complaint_clear(struct store_complaint *c); /* one */

/* A letter as registered: a draft (number NULL) or a numbered final. */
struct store_letter {
	int64_t		 id;
	const char	*number;	/* "000.8.3.3/15/Diskominfo" or NULL */
	const char	*variant;	/* layout name; "...-batch" for batches */
	int		 year;
	int64_t		 serial;
	const char	*path;		/* the PDF */
	const char	*sha256;	/* of the PDF file */
	const char	*record;	/* canonical content (JSON), final */
	const char	*ref_sha256;	/* SHA-256 of record: in the QR */
	const char	*actor;
	time_t		 created_at;
};
/* Next letter serial of year: same transaction as the letter's row. */
enum pl_status	 store_letter_serial(struct store *st, int year,
		    int64_t *serial);
enum pl_status	 store_letter_add(struct store *st,
		    const struct store_letter *l, const int64_t *rids,
		    size_t n, int64_t *id);
/* By number, else the newest draft or final of request_id. Loaded
 * strings are owned by l: release with store_letter_clear. */
bool		 store_letter_find(struct store *st, const char *number,
		    int64_t request_id, bool final, struct store_letter *l);
void		 store_letter_clear(struct store_letter *l);
/* Codes of the requests a letter names, comma separated, into out. */
void		 store_letter_codes(struct store *st, int64_t letter_id,
		    char *out, size_t size);
/* Requests in status not yet in a final batch letter, oldest first. */
enum pl_status	 store_req_unlettered(struct store *st, const char *status,
		    int64_t **ids, size_t *n);

/*
 * Retention (UU 27/2022): closed requests (issued, rejected) last changed
 * before `before`, not yet purged and with no mail still queued.
 */
enum pl_status	 store_purge_due(struct store *st, time_t before,
		    int64_t **ids, size_t *n);
/*
 * Shred request id in the caller's transaction: the seeds of its
 * messages, documents and sent mail are deleted (no copy of them opens
 * again), the raw copies, KTP readings and NIK/NIP/phone fields removed,
 * purged_at set and an event (actor, reason) added; the history stays.
 * *files (the caller's) gets the document file names to unlink after the
 * commit.
 */
enum pl_status	 store_req_purge(struct store *st, int64_t id,
		    const char *actor, const char *reason, time_t now,
		    char ***files, size_t *nfiles);
/* True when file_id has a key (a file without one is an orphan). */
bool		 store_seal_known(struct store *st, const char *file_id);
/* Write the WAL back and truncate it (after a purge: no old pages). */
enum pl_status	 store_checkpoint(struct store *st);

/* What a person's request holds, opened, for `sertel export`. */
struct store_item {
	char	*kind;		/* "message", "reply" or "document" */
	char	*name;		/* Message-ID, or the document's file name */
	char	*data;		/* plaintext; NULL when it cannot be had */
	size_t	 len;
	char	*why;		/* why data is NULL */
};
enum pl_status	 store_req_items(struct store *st, const char *docs_dir,
		    int64_t id, struct store_item **out, size_t *n);
void		 store_items_free(struct store_item *v, size_t n);

#endif
