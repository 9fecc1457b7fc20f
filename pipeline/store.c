/* store (state): SQLite schema, migrations, and every query sertel makes. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "cert.h"
#include "log.h"
#include "store.h"
#include "util.h"
#include "vault.h"
#include "xmem.h"

struct store {
	sqlite3		*db;		/* owned */
	int		 lockfd;	/* owned; -1 when not locked */
	struct vault	*vault;		/* owned; NULL: nothing can be sealed */
};

/* Each migration moves user_version from its index to index + 1. */
static const char *const migrations[] = {
	/* 1: the backbone. */
	"CREATE TABLE requests ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" type TEXT NOT NULL CHECK (type IN ('issuance','renewal')),"
	" status TEXT NOT NULL,"
	" applicant_email TEXT NOT NULL,"
	" applicant_name TEXT,"
	" forwarder_email TEXT,"
	" missing TEXT NOT NULL DEFAULT '[]',"
	" received_at INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL) STRICT;"
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY,"
	" message_id TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" raw BLOB,"
	" source TEXT,"
	" from_email TEXT,"
	" subject TEXT,"
	" date TEXT,"
	" received_at INTEGER NOT NULL,"
	" request_id INTEGER REFERENCES requests(id),"
	" disposition TEXT NOT NULL CHECK (disposition IN"
	"  ('request','followup','ignored','quarantined')),"
	" reason TEXT,"
	" UNIQUE (message_id, sha256)) STRICT;"
	"CREATE INDEX messages_request ON messages(request_id);"
	"CREATE TABLE fields ("
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" message_row INTEGER REFERENCES messages(id),"
	" PRIMARY KEY (request_id, name)) STRICT;"
	"CREATE TABLE documents ("
	" id INTEGER PRIMARY KEY,"
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" message_row INTEGER REFERENCES messages(id),"
	" type TEXT NOT NULL,"
	" filename TEXT,"
	" content_type TEXT NOT NULL,"
	" declared_type TEXT,"
	" size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" stored_name TEXT NOT NULL,"
	" usable INTEGER NOT NULL,"
	" note TEXT,"
	" archive TEXT,"
	" created_at INTEGER NOT NULL) STRICT;"
	"CREATE INDEX documents_request ON documents(request_id);"
	"CREATE TABLE checks ("
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" name TEXT NOT NULL,"
	" ok INTEGER NOT NULL,"
	" detail TEXT,"
	" PRIMARY KEY (request_id, name)) STRICT;"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" at INTEGER NOT NULL,"
	" status TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" reason TEXT) STRICT;"
	"CREATE INDEX events_request ON events(request_id);"
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" request_id INTEGER REFERENCES requests(id),"
	" message_id TEXT NOT NULL UNIQUE,"
	" rcpt TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" raw BLOB NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK (status IN ('queued','sent','failed')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL,"
	" last_error TEXT,"
	" created_at INTEGER NOT NULL,"
	" sent_at INTEGER) STRICT;"
	"CREATE TABLE counters ("
	" name TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" value INTEGER NOT NULL,"
	" PRIMARY KEY (name, year)) STRICT;",
	/* 2: the KTP reading kept with its document. */
	"ALTER TABLE documents ADD COLUMN ocr TEXT;",
	/* 3: letters to BSSN, drafts and numbered finals. */
	"CREATE TABLE letters ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('draft','final')),"
	" variant TEXT NOT NULL,"
	" number TEXT UNIQUE,"
	" year INTEGER,"
	" serial INTEGER,"
	" path TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" record TEXT,"
	" ref_sha256 TEXT,"
	" actor TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (year, serial),"
	" CHECK ((kind = 'final') = (number IS NOT NULL))) STRICT;"
	"CREATE TABLE letter_requests ("
	" letter_id INTEGER NOT NULL REFERENCES letters(id),"
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" PRIMARY KEY (letter_id, request_id)) STRICT;"
	"CREATE INDEX letter_requests_req ON letter_requests (request_id);",
	/* 4: tries per IMAP message, so a message that kills sertel ends in
	 * Quarantine instead of a crash loop. */
	"CREATE TABLE imap_tries ("
	" mailbox TEXT NOT NULL,"
	" uidvalidity INTEGER NOT NULL,"
	" uid INTEGER NOT NULL,"
	" tries INTEGER NOT NULL,"
	" last_at INTEGER NOT NULL,"
	" PRIMARY KEY (mailbox, uidvalidity, uid)) STRICT;",
	/* 5: issued certificates, for the renewal clock. */
	"CREATE TABLE certificates ("
	" id INTEGER PRIMARY KEY,"
	" request_id INTEGER REFERENCES requests(id),"
	" subject TEXT NOT NULL,"
	" email TEXT,"
	" serial TEXT NOT NULL,"
	" issuer TEXT,"
	" not_before INTEGER NOT NULL,"
	" not_after INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL UNIQUE,"
	" source TEXT NOT NULL,"
	" created_at INTEGER NOT NULL) STRICT;",
	/* 6: service-level mails sent, once per request and kind. */
	"CREATE TABLE sla_notices ("
	" request_id INTEGER NOT NULL REFERENCES requests(id),"
	" kind TEXT NOT NULL,"
	" sent_at INTEGER NOT NULL,"
	" PRIMARY KEY (request_id, kind)) STRICT;",
	/* 7: expiry reminders sent, once per certificate and step. */
	"CREATE TABLE cert_notices ("
	" cert_id INTEGER NOT NULL REFERENCES certificates(id),"
	" step INTEGER NOT NULL,"
	" sent_at INTEGER NOT NULL,"
	" PRIMARY KEY (cert_id, step)) STRICT;",
	/* 8: a renewal whose holder's data changed needs the data form. */
	"ALTER TABLE requests ADD COLUMN data_changed INTEGER NOT NULL"
	" DEFAULT 0;",
	/* 9: complaints (pengaduan). */
	"CREATE TABLE complaints ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" request_id INTEGER REFERENCES requests(id),"
	" from_email TEXT NOT NULL,"
	" subject TEXT,"
	" body TEXT,"
	" message_id TEXT,"
	" status TEXT NOT NULL DEFAULT 'open'"
	"  CHECK (status IN ('open','closed')),"
	" note TEXT,"
	" opened_at INTEGER NOT NULL,"
	" escalated_at INTEGER,"
	" closed_at INTEGER) STRICT;",
	/* 10: personal data sealed at rest (vault.c); purges recorded. */
	"CREATE TABLE seals ("
	" file_id TEXT PRIMARY KEY,"
	" seed BLOB NOT NULL,"
	" created_at INTEGER NOT NULL) STRICT;"
	"ALTER TABLE messages ADD COLUMN file_id TEXT;"
	"ALTER TABLE outbox ADD COLUMN file_id TEXT;"
	"ALTER TABLE requests ADD COLUMN purged_at INTEGER;",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

static int
exec(struct store *st, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("stage=store result=error sql_error=\"%s\"",
		    err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *
prep(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_warnx("stage=store result=error prepare=\"%s\"",
		    sqlite3_errmsg(st->db));
		return NULL;
	}
	return s;
}

/* Bind text or NULL. */
static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/*
 * Busy, locked, full or an I/O error: try again later. A constraint the
 * row breaks will break it again: PL_EINPUT, never retried.
 */
static enum pl_status
busy_or(struct store *st, int rc)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
	    (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
		return PL_ETEMP;
	log_warnx("stage=store result=error sqlite=\"%s\"",
	    sqlite3_errmsg(st->db));
	return (rc & 0xff) == SQLITE_CONSTRAINT ? PL_EINPUT : PL_ETEMP;
}

/* Run a prepared statement that returns no rows, then finalize it. */
static enum pl_status
step_done(struct store *st, sqlite3_stmt *s)
{
	int rc;

	if (s == NULL)
		return PL_ETEMP;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PL_OK : busy_or(st, rc);
}

static int
lock_take(const char *path, int wait_s)
{
	char lp[PATH_MAX];
	int fd, n, i;

	n = snprintf(lp, sizeof lp, "%s.lock", path);
	if (n < 0 || (size_t)n >= sizeof lp)
		return -1;
	fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1)
		return -1;
	for (i = 0; ; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK || i >= wait_s * 10)
			break;
		usleep(100000);
	}
	close(fd);
	errno = EWOULDBLOCK;
	return -1;
}

static enum pl_status
migrate(struct store *st, const char **why)
{
	sqlite3_stmt *s = prep(st, "PRAGMA user_version");
	int v = 0, i;
	char sql[64];

	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (v > NMIGRATIONS) {
		*why = "store was written by a newer sertel";
		return PL_ECONF;
	}
	for (i = v; i < NMIGRATIONS; i++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
		if (exec(st, "BEGIN IMMEDIATE") == -1)
			return PL_ETEMP;
		if (exec(st, migrations[i]) == -1 || exec(st, sql) == -1) {
			exec(st, "ROLLBACK");
			*why = "store migration failed";
			return PL_ECONF;
		}
		if (exec(st, "COMMIT") == -1)
			return PL_ETEMP;
	}
	return PL_OK;
}

enum pl_status
store_open(const char *path, bool lock, int wait_s, struct store **out,
    const char **why)
{
	struct store *st = xcalloc(1, sizeof *st);
	enum pl_status rv;

	*out = NULL;
	st->lockfd = -1;
	if (lock && (st->lockfd = lock_take(path, wait_s)) == -1) {
		*why = errno == EWOULDBLOCK ? "another sertel holds the store" :
		    "cannot create the store lock file";
		free(st);
		return errno == EWOULDBLOCK ? PL_ETEMP : PL_ECONF;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*why = "cannot open the store database";
		store_close(st);
		return PL_ECONF;
	}
	sqlite3_busy_timeout(st->db, 10000);
	if (exec(st, "PRAGMA journal_mode=WAL") == -1 ||
	    exec(st, "PRAGMA synchronous=FULL") == -1 ||
	    exec(st, "PRAGMA foreign_keys=ON") == -1 ||
	    exec(st, "PRAGMA secure_delete=ON") == -1) {
		*why = "cannot set up the store database";
		store_close(st);
		return PL_ETEMP;
	}
	if ((rv = migrate(st, why)) != PL_OK) {
		store_close(st);
		return rv;
	}
	*out = st;
	return PL_OK;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	vault_free(st->vault);
	if (st->lockfd != -1)
		close(st->lockfd);
	free(st);
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s = prep(st, "PRAGMA user_version");
	int v = -1;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* ------------------------------------------------------------- sealing */

void
store_set_vault(struct store *st, struct vault *v)
{
	vault_free(st->vault);
	st->vault = v;
}

bool
store_sealed_any(struct store *st)
{
	sqlite3_stmt *s = prep(st, "SELECT 1 FROM seals LIMIT 1");
	bool any;

	if (s == NULL)
		return true;		/* unknown: assume there is */
	any = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return any;
}

/*
 * Seal p[0..n) under a new file id, recording its seed in the caller's
 * transaction: *out (malloc'd) is what may be written anywhere.
 */
static enum pl_status
seal(struct store *st, const void *p, size_t n, char id[VAULT_ID_LEN + 1],
    unsigned char **out, size_t *outlen)
{
	unsigned char seed[VAULT_SEED_LEN];
	sqlite3_stmt *s;
	enum pl_status rv;

	*out = NULL;
	if (st->vault == NULL) {
		log_warnx("stage=store result=error why=\"no master key: "
		    "nothing personal can be stored\"");
		return PL_ECONF;
	}
	if (vault_new_id(id) == -1 || vault_new_seed(seed) == -1)
		return PL_ETEMP;
	if (vault_seal(st->vault, seed, id, p, n, out, outlen) == -1) {
		explicit_bzero(seed, sizeof seed);
		return PL_ETEMP;
	}
	s = prep(st, "INSERT INTO seals (file_id, seed, created_at) VALUES"
	    " (?1, ?2, ?3)");
	if (s == NULL)
		rv = PL_ETEMP;
	else {
		bind_text(s, 1, id);
		sqlite3_bind_blob(s, 2, seed, sizeof seed, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)pl_now());
		rv = step_done(st, s);
	}
	explicit_bzero(seed, sizeof seed);
	if (rv != PL_OK) {
		free(*out);
		*out = NULL;
	}
	return rv;
}

/* Open sealed c[0..n) of file id; PL_EINPUT with why when it cannot be. */
static enum pl_status
unseal(struct store *st, const char *id, const void *c, size_t n,
    unsigned char **out, size_t *outlen, char *why, size_t whysize)
{
	unsigned char seed[VAULT_SEED_LEN];
	sqlite3_stmt *s;
	bool found = false;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (st->vault == NULL) {
		snprintf(why, whysize, "no master key loaded");
		return PL_ECONF;
	}
	if ((s = prep(st, "SELECT seed FROM seals WHERE file_id = ?1")) ==
	    NULL)
		return PL_ETEMP;
	bind_text(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 0) == VAULT_SEED_LEN) {
		memcpy(seed, sqlite3_column_blob(s, 0), VAULT_SEED_LEN);
		found = true;
	}
	sqlite3_finalize(s);
	if (!found) {
		snprintf(why, whysize, "no key for file %.12s...: purged, or "
		    "never stored", id);
		return PL_EINPUT;
	}
	rc = vault_open(st->vault, seed, id, c, n, out, outlen, why, whysize);
	explicit_bzero(seed, sizeof seed);
	return rc == 0 ? PL_OK : PL_EINPUT;
}

enum pl_status
store_file_put(struct store *st, const char *dir, const void *p, size_t n,
    char id[VAULT_ID_LEN + 1])
{
	unsigned char *c;
	size_t clen;
	enum pl_status rv;

	if ((rv = seal(st, p, n, id, &c, &clen)) != PL_OK)
		return rv;
	if (mkdir_p(dir) == -1 || file_write_atomic(dir, id, c, clen) == -1) {
		log_warn("stage=store result=error what=file dir=%s", dir);
		rv = PL_ETEMP;
	}
	free(c);
	return rv;
}

enum pl_status
store_file_get(struct store *st, const char *dir, const char *id, char **p,
    size_t *n, char *why, size_t whysize)
{
	char path[PATH_MAX];
	char *c = NULL;
	size_t clen = 0;
	enum pl_status rv;
	int k;

	*p = NULL;
	*n = 0;
	if (!vault_id_ok(id)) {
		snprintf(why, whysize, "not a stored file name");
		return PL_EINPUT;
	}
	if (!store_seal_known(st, id)) {
		snprintf(why, whysize, "its key was shredded (purged)");
		return PL_EINPUT;
	}
	k = snprintf(path, sizeof path, "%s/%s", dir, id);
	if (k < 0 || (size_t)k >= sizeof path)
		return PL_ECONF;
	if (file_read(path, PL_MAX_MSG + VAULT_OVERHEAD, &c, &clen) == -1) {
		snprintf(why, whysize, "%s", strerror(errno));
		return errno == ENOENT ? PL_EINPUT : PL_ETEMP;
	}
	rv = unseal(st, id, c, clen, (unsigned char **)p, n, why, whysize);
	free(c);
	return rv;
}

enum pl_status
store_msg_raw(struct store *st, int64_t row, char **p, size_t *n,
    char *why, size_t whysize)
{
	sqlite3_stmt *s = prep(st, "SELECT raw, file_id FROM messages WHERE"
	    " id = ?1");
	enum pl_status rv = PL_EINPUT;
	char *id;

	*p = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, row);
	snprintf(why, whysize, "not kept (over the size cap, or purged)");
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) == SQLITE_BLOB &&
	    (id = col_dup(s, 1)) != NULL) {
		rv = unseal(st, id, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0), (unsigned char **)p, n,
		    why, whysize);
		free(id);
	}
	sqlite3_finalize(s);
	return rv;
}

enum pl_status
store_begin(struct store *st)
{
	return exec(st, "BEGIN IMMEDIATE") == 0 ? PL_OK : PL_ETEMP;
}

enum pl_status
store_commit(struct store *st)
{
	return exec(st, "COMMIT") == 0 ? PL_OK : PL_ETEMP;
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec(st, "ROLLBACK");
}

bool
store_msg_seen(struct store *st, const char *message_id, const char *sha256,
    int64_t *row)
{
	sqlite3_stmt *s = prep(st, "SELECT id FROM messages WHERE "
	    "message_id = ?1 AND sha256 = ?2");
	bool found = false;

	if (s == NULL)
		return false;
	bind_text(s, 1, message_id);
	bind_text(s, 2, sha256);
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = true;
		if (row)
			*row = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return found;
}

enum pl_status
store_msg_add(struct store *st, const struct store_msg *m, int64_t *row)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO messages (message_id, sha256,"
	    " size, raw, source, from_email, subject, date, received_at,"
	    " request_id, disposition, reason, file_id) VALUES (?1,?2,?3,?4,"
	    "?5,?6,?7,?8,?9,?10,?11,?12,?13)");
	char id[VAULT_ID_LEN + 1];
	unsigned char *c = NULL;
	size_t clen = 0;
	enum pl_status rv;

	if (s == NULL)
		return PL_ETEMP;
	if (m->raw && (rv = seal(st, m->raw, m->size, id, &c, &clen)) !=
	    PL_OK) {
		sqlite3_finalize(s);
		return rv;
	}
	bind_text(s, 1, m->message_id);
	bind_text(s, 2, m->sha256);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)m->size);
	if (c) {
		sqlite3_bind_blob64(s, 4, c, clen, free);
		bind_text(s, 13, id);
	} else
		sqlite3_bind_null(s, 4);
	bind_text(s, 5, m->source);
	bind_text(s, 6, m->from_email);
	bind_text(s, 7, m->subject);
	bind_text(s, 8, m->date);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)m->received_at);
	if (m->request_id)
		sqlite3_bind_int64(s, 10, m->request_id);
	else
		sqlite3_bind_null(s, 10);
	bind_text(s, 11, m->disposition);
	bind_text(s, 12, m->reason);
	rv = step_done(st, s);
	if (rv == PL_OK && row)
		*row = sqlite3_last_insert_rowid(st->db);
	return rv;
}

static bool
one_id(struct store *st, const char *sql, const char *arg, int64_t *out)
{
	sqlite3_stmt *s = prep(st, sql);
	bool found = false;

	if (s == NULL)
		return false;
	bind_text(s, 1, arg);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*out = sqlite3_column_int64(s, 0);
		found = true;
	}
	sqlite3_finalize(s);
	return found;
}

bool
store_thread_find(struct store *st, const char *message_id, int64_t *rid)
{
	if (message_id == NULL || *message_id == '\0')
		return false;
	return one_id(st, "SELECT request_id FROM messages WHERE message_id"
	    " = ?1 AND request_id IS NOT NULL ORDER BY id LIMIT 1",
	    message_id, rid) ||
	    one_id(st, "SELECT request_id FROM outbox WHERE message_id = ?1"
	    " AND request_id IS NOT NULL", message_id, rid);
}

bool
store_req_by_code(struct store *st, const char *code, int64_t *rid)
{
	return one_id(st, "SELECT id FROM requests WHERE code = ?1", code, rid);
}

/* Next value of a per-year counter; never reused (same transaction). */
static enum pl_status
counter_next(struct store *st, const char *name, int year, int64_t *out)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO counters (name, year, value)"
	    " VALUES (?1, ?2, 1) ON CONFLICT (name, year) DO UPDATE SET"
	    " value = value + 1 RETURNING value");
	int rc;

	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, name);
	sqlite3_bind_int(s, 2, year);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? PL_OK : busy_or(st, rc);
}

enum pl_status
store_req_new(struct store *st, const char *type, int year,
    const char *email, const char *name, const char *forwarder, time_t now,
    int64_t *id, char code[24])
{
	sqlite3_stmt *s;
	enum pl_status rv;
	int64_t seq = 0;

	if ((rv = counter_next(st, "request", year, &seq)) != PL_OK)
		return rv;
	snprintf(code, 24, "SE-%04d-%06lld", year, (long long)seq);
	s = prep(st, "INSERT INTO requests (code, type, status,"
	    " applicant_email, applicant_name, forwarder_email, received_at,"
	    " created_at, updated_at) VALUES (?1,?2,'received',?3,?4,?5,?6,"
	    "?6,?6)");
	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, code);
	bind_text(s, 2, type);
	bind_text(s, 3, email);
	bind_text(s, 4, name);
	bind_text(s, 5, forwarder);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)now);
	if ((rv = step_done(st, s)) == PL_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rv;
}

static char *
missing_json(char *const *missing, size_t n)
{
	json_object *a = json_object_new_array();
	char *r;
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(missing[i]));
	r = xstrdup(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
	json_object_put(a);
	return r;
}

/* One line of a request's history. */
static enum pl_status
event_add(struct store *st, int64_t id, const char *status,
    const char *actor, const char *reason, time_t now)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO events (request_id, at,"
	    " status, actor, reason) VALUES (?1, ?2, ?3, ?4, ?5)");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
	bind_text(s, 3, status);
	bind_text(s, 4, actor);
	bind_text(s, 5, reason);
	return step_done(st, s);
}

enum pl_status
store_req_status(struct store *st, int64_t id, const char *status,
    const char *actor, const char *reason, char *const *missing,
    size_t nmissing, time_t now)
{
	sqlite3_stmt *s;
	enum pl_status rv;
	char *mj = missing_json(missing, nmissing);

	s = prep(st, "UPDATE requests SET status = ?1, missing = ?2,"
	    " updated_at = ?3 WHERE id = ?4");
	if (s == NULL) {
		free(mj);
		return PL_ETEMP;
	}
	bind_text(s, 1, status);
	bind_text(s, 2, mj);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 4, id);
	rv = step_done(st, s);
	free(mj);
	if (rv != PL_OK)
		return rv;
	return event_add(st, id, status, actor, reason, now);
}

enum pl_status
store_req_missing(struct store *st, int64_t id, char *const *missing,
    size_t nmissing, time_t now)
{
	sqlite3_stmt *s = prep(st, "UPDATE requests SET missing = ?1,"
	    " updated_at = ?2 WHERE id = ?3");
	char *mj = missing_json(missing, nmissing);
	enum pl_status rv;

	if (s == NULL) {
		free(mj);
		return PL_ETEMP;
	}
	bind_text(s, 1, mj);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 3, id);
	rv = step_done(st, s);
	free(mj);
	return rv;
}

enum pl_status
store_req_touch(struct store *st, int64_t id, time_t now)
{
	sqlite3_stmt *s = prep(st, "UPDATE requests SET updated_at = ?1"
	    " WHERE id = ?2");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 2, id);
	return step_done(st, s);
}

enum pl_status
store_field_set(struct store *st, int64_t id, const struct pl_field *f,
    int64_t msg_row)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO fields (request_id, name,"
	    " value, source, message_row) VALUES (?1,?2,?3,?4,?5)"
	    " ON CONFLICT (request_id, name) DO UPDATE SET value = ?3,"
	    " source = ?4, message_row = ?5");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, f->name);
	bind_text(s, 3, f->value);
	bind_text(s, 4, f->source);
	sqlite3_bind_int64(s, 5, msg_row);
	return step_done(st, s);
}

bool
store_doc_has(struct store *st, int64_t id, const char *sha256)
{
	sqlite3_stmt *s = prep(st, "SELECT 1 FROM documents WHERE"
	    " request_id = ?1 AND sha256 = ?2");
	bool found;

	if (s == NULL)
		return false;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, sha256);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

enum pl_status
store_doc_add(struct store *st, int64_t id, int64_t msg_row,
    const struct pl_doc *d, time_t now)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO documents (request_id,"
	    " message_row, type, filename, content_type, declared_type, size,"
	    " sha256, stored_name, usable, note, archive, created_at, ocr)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, msg_row);
	bind_text(s, 3, pl_doctype_names[d->type]);
	bind_text(s, 4, d->filename);
	bind_text(s, 5, d->content_type);
	bind_text(s, 6, d->declared_type);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)d->size);
	bind_text(s, 8, d->sha256);
	bind_text(s, 9, d->stored);
	sqlite3_bind_int(s, 10, d->usable);
	bind_text(s, 11, d->note);
	bind_text(s, 12, d->archive);
	sqlite3_bind_int64(s, 13, (sqlite3_int64)now);
	bind_text(s, 14, d->ocr);
	return step_done(st, s);
}

enum pl_status
store_checks_set(struct store *st, int64_t id, const struct pl_check *c,
    size_t n)
{
	sqlite3_stmt *s;
	enum pl_status rv;
	size_t i;

	s = prep(st, "DELETE FROM checks WHERE request_id = ?1");
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	if ((rv = step_done(st, s)) != PL_OK)
		return rv;
	for (i = 0; i < n; i++) {
		s = prep(st, "INSERT INTO checks (request_id, name, ok, detail)"
		    " VALUES (?1, ?2, ?3, ?4)");
		if (s == NULL)
			return PL_ETEMP;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, c[i].name);
		sqlite3_bind_int(s, 3, c[i].ok);
		bind_text(s, 4, c[i].detail);
		if ((rv = step_done(st, s)) != PL_OK)
			return rv;
	}
	return PL_OK;
}

/* Loaders for the parts of a request. */

static void
load_missing(struct pl_request *r, const char *json)
{
	json_object *a = json ? json_tokener_parse(json) : NULL;
	size_t i, n;

	if (a == NULL || !json_object_is_type(a, json_type_array)) {
		json_object_put(a);
		return;
	}
	n = json_object_array_length(a);
	r->missing = xcalloc(n ? n : 1, sizeof *r->missing);
	for (i = 0; i < n; i++)
		r->missing[r->nmissing++] = xstrdup(json_object_get_string(
		    json_object_array_get_idx(a, i)));
	json_object_put(a);
}

static enum pl_status
load_head(struct store *st, int64_t id, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT code, type, status,"
	    " applicant_email, applicant_name, forwarder_email, missing,"
	    " created_at, updated_at, received_at, data_changed FROM requests"
	    " WHERE id = ?1");
	int rc;

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? PL_EINPUT : busy_or(st, rc);
	}
	r->id = id;
	snprintf(r->code, sizeof r->code, "%s", sqlite3_column_text(s, 0));
	r->type = col_dup(s, 1);
	r->status = col_dup(s, 2);
	r->applicant_email = col_dup(s, 3);
	r->applicant_name = col_dup(s, 4);
	r->forwarder_email = col_dup(s, 5);
	load_missing(r, (const char *)sqlite3_column_text(s, 6));
	r->created_at = (time_t)sqlite3_column_int64(s, 7);
	r->updated_at = (time_t)sqlite3_column_int64(s, 8);
	r->received_at = (time_t)sqlite3_column_int64(s, 9);
	r->data_changed = sqlite3_column_int(s, 10) != 0;
	sqlite3_finalize(s);
	return PL_OK;
}

static void
load_fields(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT name, value, source FROM fields"
	    " WHERE request_id = ?1");
	const char *name;
	int i;

	for (i = 0; i < PL_NFIELDS; i++)
		r->fields[i].name = pl_field_names[i];
	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		for (i = 0; i < PL_NFIELDS; i++)
			if (name && strcmp(name, pl_field_names[i]) == 0 &&
			    r->fields[i].value == NULL) {
				r->fields[i].value = col_dup(s, 1);
				r->fields[i].source = col_dup(s, 2);
			}
	}
	sqlite3_finalize(s);
}

static void
load_docs(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT id, type, filename, content_type,"
	    " declared_type, size, sha256, stored_name, usable, note, archive,"
	    " ocr FROM documents WHERE request_id = ?1 ORDER BY id");
	struct pl_doc *d;
	const char *t;
	int k;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		r->docs = xreallocarray(r->docs, r->ndocs + 1, sizeof *r->docs);
		d = &r->docs[r->ndocs++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(s, 0);
		t = (const char *)sqlite3_column_text(s, 1);
		for (k = 0; k < DOC_NTYPES; k++)
			if (t && strcmp(t, pl_doctype_names[k]) == 0)
				d->type = (enum pl_doctype)k;
		d->filename = col_dup(s, 2);
		d->content_type = col_dup(s, 3);
		d->declared_type = col_dup(s, 4);
		d->size = (size_t)sqlite3_column_int64(s, 5);
		snprintf(d->sha256, sizeof d->sha256, "%s",
		    sqlite3_column_text(s, 6));
		d->stored = col_dup(s, 7);
		d->usable = sqlite3_column_int(s, 8) != 0;
		d->note = col_dup(s, 9);
		d->archive = col_dup(s, 10);
		d->ocr = col_dup(s, 11);
	}
	sqlite3_finalize(s);
}

static void
load_msgs(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT message_id, from_email, subject,"
	    " date FROM messages WHERE request_id = ?1 ORDER BY id");
	struct pl_msgref *m;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		r->msgs = xreallocarray(r->msgs, r->nmsgs + 1, sizeof *r->msgs);
		m = &r->msgs[r->nmsgs++];
		m->message_id = col_dup(s, 0);
		m->from = col_dup(s, 1);
		m->subject = col_dup(s, 2);
		m->date = col_dup(s, 3);
		if (m->date == NULL)
			m->date = xstrdup("");
	}
	sqlite3_finalize(s);
}

static void
load_events(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT at, status, actor, reason FROM"
	    " events WHERE request_id = ?1 ORDER BY id");
	struct pl_event *e;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		r->events = xreallocarray(r->events, r->nevents + 1,
		    sizeof *r->events);
		e = &r->events[r->nevents++];
		e->when = (time_t)sqlite3_column_int64(s, 0);
		time_iso(e->when, e->at);
		e->status = col_dup(s, 1);
		e->actor = col_dup(s, 2);
		e->reason = col_dup(s, 3);
	}
	sqlite3_finalize(s);
}

static void
load_checks(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT name, ok, detail FROM checks"
	    " WHERE request_id = ?1 ORDER BY rowid");
	struct pl_check *c;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		r->checks = xreallocarray(r->checks, r->nchecks + 1,
		    sizeof *r->checks);
		c = &r->checks[r->nchecks++];
		c->name = col_dup(s, 0);
		c->ok = sqlite3_column_int(s, 1) != 0;
		c->detail = col_dup(s, 2);
	}
	sqlite3_finalize(s);
}

/* The thread for a reply: newest message id, and all ids as References. */
static void
load_thread(struct store *st, struct pl_request *r)
{
	sqlite3_stmt *s = prep(st, "SELECT message_id FROM (SELECT"
	    " message_id, received_at AS t, id, 0 AS o FROM messages WHERE"
	    " request_id = ?1 AND message_id <> '' UNION ALL SELECT message_id,"
	    " created_at, id, 1 FROM outbox WHERE request_id = ?1)"
	    " ORDER BY t, o, id");
	struct buf_refs { char *p; size_t n; } refs = { NULL, 0 };
	const char *id;
	size_t k;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		id = (const char *)sqlite3_column_text(s, 0);
		if (id == NULL)
			continue;
		k = strlen(id);
		/* Keep References bounded: at most ~2 KB, oldest dropped. */
		if (refs.n + k + 1 > 2000)
			continue;
		refs.p = xreallocarray(refs.p, refs.n + k + 2, 1);
		if (refs.n)
			refs.p[refs.n++] = ' ';
		memcpy(refs.p + refs.n, id, k + 1);
		refs.n += k;
		free(r->last_msgid);
		r->last_msgid = xstrdup(id);
	}
	sqlite3_finalize(s);
	r->refs = refs.p;
}

enum pl_status
store_req_load(struct store *st, int64_t id, struct pl_request *r)
{
	enum pl_status rv;

	memset(r, 0, sizeof *r);
	if ((rv = load_head(st, id, r)) != PL_OK)
		return rv;
	load_fields(st, r);
	load_docs(st, r);
	load_msgs(st, r);
	load_events(st, r);
	load_checks(st, r);
	load_thread(st, r);
	return PL_OK;
}

void
pl_request_clear(struct pl_request *r)
{
	size_t i;

	free(r->type);
	free(r->status);
	free(r->applicant_email);
	free(r->applicant_name);
	free(r->forwarder_email);
	for (i = 0; i < PL_NFIELDS; i++) {
		free(r->fields[i].value);
		free(r->fields[i].source);
	}
	for (i = 0; i < r->ndocs; i++) {
		free(r->docs[i].filename);
		free(r->docs[i].content_type);
		free(r->docs[i].declared_type);
		free(r->docs[i].stored);
		free(r->docs[i].note);
		free(r->docs[i].archive);
		free(r->docs[i].ocr);
	}
	free(r->docs);
	for (i = 0; i < r->nmsgs; i++) {
		free(r->msgs[i].message_id);
		free(r->msgs[i].from);
		free(r->msgs[i].subject);
		free(r->msgs[i].date);
	}
	free(r->msgs);
	for (i = 0; i < r->nevents; i++) {
		free(r->events[i].status);
		free(r->events[i].actor);
		free(r->events[i].reason);
	}
	free(r->events);
	for (i = 0; i < r->nchecks; i++) {
		free(r->checks[i].name);
		free(r->checks[i].detail);
	}
	free(r->checks);
	for (i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->missing);
	free(r->last_msgid);
	free(r->refs);
	memset(r, 0, sizeof *r);
}

enum pl_status
store_req_list(struct store *st, const char *status, int64_t **ids,
    size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT id FROM requests WHERE ?1 IS NULL"
	    " OR status = ?1 ORDER BY id");

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, status);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

enum pl_status
store_held_list(struct store *st, bool with_ignored, struct store_held **out,
    size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT id, message_id, from_email,"
	    " subject, disposition, reason, received_at FROM messages WHERE"
	    " disposition = 'quarantined' OR (?1 AND disposition = 'ignored')"
	    " ORDER BY id");
	struct store_held *h;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int(s, 1, with_ignored);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		h = &(*out)[(*n)++];
		h->row = sqlite3_column_int64(s, 0);
		h->message_id = col_dup(s, 1);
		h->from_email = col_dup(s, 2);
		h->subject = col_dup(s, 3);
		h->disposition = col_dup(s, 4);
		h->reason = col_dup(s, 5);
		time_iso((time_t)sqlite3_column_int64(s, 6), h->received_at);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

void
store_held_free(struct store_held *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].message_id);
		free(h[i].from_email);
		free(h[i].subject);
		free(h[i].disposition);
		free(h[i].reason);
	}
	free(h);
}

enum pl_status
store_out_add(struct store *st, int64_t request_id, const char *message_id,
    const char *rcpt, const char *kind, const char *raw, size_t len,
    time_t now)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO outbox (request_id,"
	    " message_id, rcpt, kind, raw, next_at, created_at, file_id)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?6,?7)");
	char id[VAULT_ID_LEN + 1];
	unsigned char *c;
	size_t clen;
	enum pl_status rv;

	if (s == NULL)
		return PL_ETEMP;
	if ((rv = seal(st, raw, len, id, &c, &clen)) != PL_OK) {
		sqlite3_finalize(s);
		return rv;
	}
	bind_text(s, 7, id);
	if (request_id)
		sqlite3_bind_int64(s, 1, request_id);
	else
		sqlite3_bind_null(s, 1);
	bind_text(s, 2, message_id);
	bind_text(s, 3, rcpt);
	bind_text(s, 4, kind);
	sqlite3_bind_blob64(s, 5, c, clen, free);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)now);
	return step_done(st, s);
}

enum pl_status
store_out_due(struct store *st, time_t now, size_t max,
    struct store_out **out, size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT id, request_id, message_id, rcpt,"
	    " raw, status, attempts, file_id FROM outbox WHERE status ="
	    " 'queued' AND next_at <= ?1 ORDER BY id LIMIT ?2");
	struct store_out *o;
	char why[160], *id;
	size_t len;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		o = &(*out)[(*n)++];
		o->id = sqlite3_column_int64(s, 0);
		o->request_id = sqlite3_column_int64(s, 1);
		o->message_id = col_dup(s, 2);
		o->rcpt = col_dup(s, 3);
		len = (size_t)sqlite3_column_bytes(s, 4);
		id = col_dup(s, 7);
		o->raw = NULL;
		o->len = 0;
		if (id == NULL || unseal(st, id, sqlite3_column_blob(s, 4),
		    len, (unsigned char **)&o->raw, &o->len, why,
		    sizeof why) != PL_OK) {
			log_warnx("stage=outbox out=%lld result=error why="
			    "\"sealed mail cannot be opened: %s\"",
			    (long long)o->id, id ? why : "no file id");
			o->raw = NULL;
		}
		free(id);
		o->status = col_dup(s, 5);
		o->attempts = sqlite3_column_int(s, 6);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

enum pl_status
store_out_done(struct store *st, int64_t id, bool ok, bool permanent,
    const char *error, time_t now)
{
	sqlite3_stmt *s = prep(st, "UPDATE outbox SET attempts = attempts + 1,"
	    " status = ?1, last_error = ?2, sent_at = ?3,"
	    " next_at = ?4 + min(86400, 60 * (1 << min(attempts, 10)))"
	    " WHERE id = ?5");

	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, ok ? "sent" : permanent ? "failed" : "queued");
	bind_text(s, 2, error);
	if (ok)
		sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 5, id);
	return step_done(st, s);
}

void
store_out_free(struct store_out *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(o[i].message_id);
		free(o[i].rcpt);
		free(o[i].raw);
		free(o[i].status);
	}
	free(o);
}

int
store_out_count(struct store *st, const char *status)
{
	sqlite3_stmt *s = prep(st, "SELECT count(*) FROM outbox WHERE"
	    " status = ?1");
	int n = -1;

	if (s == NULL)
		return -1;
	bind_text(s, 1, status);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

enum pl_status
store_letter_serial(struct store *st, int year, int64_t *serial)
{
	return counter_next(st, "letter", year, serial);
}

enum pl_status
store_letter_add(struct store *st, const struct store_letter *l,
    const int64_t *rids, size_t n, int64_t *id)
{
	sqlite3_stmt *s;
	enum pl_status rv;
	size_t i;

	s = prep(st, "INSERT INTO letters (kind, variant, number, year,"
	    " serial, path, sha256, record, ref_sha256, actor, created_at)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, l->number ? "final" : "draft");
	bind_text(s, 2, l->variant);
	bind_text(s, 3, l->number);
	if (l->number) {
		sqlite3_bind_int(s, 4, l->year);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)l->serial);
	}
	bind_text(s, 6, l->path);
	bind_text(s, 7, l->sha256);
	bind_text(s, 8, l->record);
	bind_text(s, 9, l->ref_sha256);
	bind_text(s, 10, l->actor);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)l->created_at);
	if ((rv = step_done(st, s)) != PL_OK)
		return rv;
	*id = sqlite3_last_insert_rowid(st->db);
	for (i = 0; i < n && rv == PL_OK; i++) {
		s = prep(st, "INSERT INTO letter_requests (letter_id,"
		    " request_id) VALUES (?1, ?2)");
		if (s == NULL)
			return PL_ETEMP;
		sqlite3_bind_int64(s, 1, *id);
		sqlite3_bind_int64(s, 2, rids[i]);
		rv = step_done(st, s);
	}
	return rv;
}

static void
letter_row(sqlite3_stmt *s, struct store_letter *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(s, 0);
	l->number = col_dup(s, 1);
	l->variant = col_dup(s, 2);
	l->path = col_dup(s, 3);
	l->sha256 = col_dup(s, 4);
	l->record = col_dup(s, 5);
	l->ref_sha256 = col_dup(s, 6);
	l->actor = col_dup(s, 7);
	l->created_at = (time_t)sqlite3_column_int64(s, 8);
	l->year = sqlite3_column_int(s, 9);
	l->serial = sqlite3_column_int64(s, 10);
}

#define LETTER_COLS "l.id, l.number, l.variant, l.path, l.sha256, l.record," \
	" l.ref_sha256, l.actor, l.created_at, l.year, l.serial"

bool
store_letter_find(struct store *st, const char *number, int64_t request_id,
    bool final, struct store_letter *l)
{
	sqlite3_stmt *s;
	bool found = false;

	if (number)
		s = prep(st, "SELECT " LETTER_COLS " FROM letters l WHERE"
		    " l.number = ?1");
	else
		s = prep(st, "SELECT " LETTER_COLS " FROM letters l JOIN"
		    " letter_requests r ON r.letter_id = l.id WHERE"
		    " r.request_id = ?2 AND (l.kind = 'final') = ?3"
		    /* The request's own letter before a batch naming it. */
		    " ORDER BY l.variant LIKE '%-batch', l.id DESC LIMIT 1");
	if (s == NULL)
		return false;
	if (number)
		bind_text(s, 1, number);
	else {
		sqlite3_bind_int64(s, 2, request_id);
		sqlite3_bind_int(s, 3, final);
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		letter_row(s, l);
		found = true;
	}
	sqlite3_finalize(s);
	return found;
}

void
store_letter_clear(struct store_letter *l)
{
	free((char *)l->number);
	free((char *)l->variant);
	free((char *)l->path);
	free((char *)l->sha256);
	free((char *)l->record);
	free((char *)l->ref_sha256);
	free((char *)l->actor);
	memset(l, 0, sizeof *l);
}

/* Requests in status that no final letter names yet, oldest first. */
enum pl_status
store_req_unlettered(struct store *st, const char *status, int64_t **ids,
    size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT id FROM requests q WHERE"
	    " q.status = ?1 AND NOT EXISTS (SELECT 1 FROM letter_requests r"
	    " JOIN letters l ON l.id = r.letter_id WHERE r.request_id = q.id"
	    " AND l.kind = 'final' AND l.variant LIKE '%batch%') ORDER BY id");

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, status);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

/* Codes of the requests letter_id names, comma separated, into out. */
void
store_letter_codes(struct store *st, int64_t letter_id, char *out,
    size_t size)
{
	sqlite3_stmt *s = prep(st, "SELECT q.code FROM letter_requests r"
	    " JOIN requests q ON q.id = r.request_id WHERE r.letter_id = ?1"
	    " ORDER BY q.id");
	size_t off = 0;
	int n;

	out[0] = '\0';
	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, letter_id);
	while (sqlite3_step(s) == SQLITE_ROW && off < size) {
		n = snprintf(out + off, size - off, "%s%s", off ? "," : "",
		    (const char *)sqlite3_column_text(s, 0));
		if (n < 0)
			break;
		off += (size_t)n;
	}
	sqlite3_finalize(s);
}

int
store_out_sent_since(struct store *st, const char *rcpt, time_t since)
{
	sqlite3_stmt *s = prep(st, "SELECT count(*) FROM outbox WHERE"
	    " rcpt = ?1 AND status = 'sent' AND sent_at >= ?2");
	int n = 0;

	if (s == NULL)
		return 0;
	bind_text(s, 1, rcpt);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)since);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

enum pl_status
store_out_defer(struct store *st, int64_t id, time_t until, const char *why)
{
	sqlite3_stmt *s = prep(st, "UPDATE outbox SET next_at = ?1,"
	    " last_error = ?2 WHERE id = ?3 AND status = 'queued'");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)until);
	bind_text(s, 2, why);
	sqlite3_bind_int64(s, 3, id);
	return step_done(st, s);
}

enum pl_status
store_imap_try(struct store *st, const char *mailbox, uint32_t uidvalidity,
    uint32_t uid, time_t now, int *tries)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO imap_tries (mailbox,"
	    " uidvalidity, uid, tries, last_at) VALUES (?1, ?2, ?3, 1, ?4)"
	    " ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET"
	    " tries = tries + 1, last_at = ?4 RETURNING tries");
	int rc;

	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, uid);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*tries = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? PL_OK : busy_or(st, rc);
}

enum pl_status
store_imap_done(struct store *st, const char *mailbox, uint32_t uidvalidity,
    uint32_t uid)
{
	sqlite3_stmt *s = prep(st, "DELETE FROM imap_tries WHERE mailbox = ?1"
	    " AND uidvalidity = ?2 AND uid = ?3");

	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, uid);
	return step_done(st, s);
}

enum pl_status
store_cert_add(struct store *st, int64_t request_id, const struct cert_info *c,
    const char *source, time_t now)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO certificates (request_id,"
	    " subject, email, serial, issuer, not_before, not_after, sha256,"
	    " source, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
	    " ON CONFLICT (sha256) DO UPDATE SET request_id ="
	    " coalesce(request_id, ?1)");

	if (s == NULL)
		return PL_ETEMP;
	if (request_id)
		sqlite3_bind_int64(s, 1, request_id);
	bind_text(s, 2, c->subject);
	bind_text(s, 3, c->email[0] ? c->email : NULL);
	bind_text(s, 4, c->serial);
	bind_text(s, 5, c->issuer);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)c->not_before);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)c->not_after);
	bind_text(s, 8, c->sha256);
	bind_text(s, 9, source);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)now);
	return step_done(st, s);
}

enum pl_status
store_out_pending(struct store *st, struct store_pending **out, size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT o.id, coalesce(q.code, '-'),"
	    " o.rcpt, o.kind, o.status, o.attempts, coalesce(o.last_error,"
	    " ''), o.next_at FROM outbox o LEFT JOIN requests q ON"
	    " q.id = o.request_id WHERE o.status = 'failed' OR"
	    " (o.status = 'queued' AND o.attempts > 0) OR o.last_error IS"
	    " NOT NULL AND o.status = 'queued' ORDER BY o.id");
	struct store_pending *p;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		p = &(*out)[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->code = col_dup(s, 1);
		p->rcpt = col_dup(s, 2);
		p->kind = col_dup(s, 3);
		p->status = col_dup(s, 4);
		p->attempts = sqlite3_column_int(s, 5);
		p->error = col_dup(s, 6);
		p->next_at = (time_t)sqlite3_column_int64(s, 7);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

void
store_pending_free(struct store_pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].code);
		free(p[i].rcpt);
		free(p[i].kind);
		free(p[i].status);
		free(p[i].error);
	}
	free(p);
}

enum pl_status
store_sla_notice(struct store *st, int64_t request_id, const char *kind,
    time_t now, bool *fresh)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO sla_notices (request_id,"
	    " kind, sent_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
	enum pl_status rv;

	*fresh = false;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, request_id);
	bind_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
	if ((rv = step_done(st, s)) == PL_OK)
		*fresh = sqlite3_changes(st->db) > 0;
	return rv;
}

enum pl_status
store_cert_list(struct store *st, struct store_cert **out, size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT c.id, coalesce(c.request_id, 0),"
	    " c.subject, c.email, c.serial, c.not_before, c.not_after,"
	    " coalesce(q.code, '') FROM certificates c LEFT JOIN requests q"
	    " ON q.id = c.request_id ORDER BY c.not_after, c.id");
	struct store_cert *c;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(s, 0);
		c->request_id = sqlite3_column_int64(s, 1);
		c->subject = col_dup(s, 2);
		c->email = col_dup(s, 3);
		c->serial = col_dup(s, 4);
		c->not_before = (time_t)sqlite3_column_int64(s, 5);
		c->not_after = (time_t)sqlite3_column_int64(s, 6);
		c->code = col_dup(s, 7);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

void
store_cert_free(struct store_cert *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].subject);
		free(c[i].email);
		free(c[i].serial);
		free(c[i].code);
	}
	free(c);
}

enum pl_status
store_cert_notice(struct store *st, int64_t cert_id, int step, time_t now,
    bool *fresh)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO cert_notices (cert_id, step,"
	    " sent_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
	enum pl_status rv;

	*fresh = false;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, cert_id);
	sqlite3_bind_int(s, 2, step);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
	if ((rv = step_done(st, s)) == PL_OK)
		*fresh = sqlite3_changes(st->db) > 0;
	return rv;
}

enum pl_status
store_req_data_changed(struct store *st, int64_t id)
{
	sqlite3_stmt *s = prep(st, "UPDATE requests SET data_changed = 1"
	    " WHERE id = ?1");

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s);
}

bool
store_out_kind(struct store *st, const char *message_id, char *kind,
    size_t size)
{
	sqlite3_stmt *s = prep(st, "SELECT kind FROM outbox WHERE message_id"
	    " = ?1");
	bool found = false;

	if (s == NULL)
		return false;
	bind_text(s, 1, message_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(kind, size, "%s", sqlite3_column_text(s, 0));
		found = true;
	}
	sqlite3_finalize(s);
	return found;
}

enum pl_status
store_complaint_new(struct store *st, const struct store_complaint *c,
    int year, char code[24], int64_t *id)
{
	sqlite3_stmt *s;
	enum pl_status rv;
	int64_t seq = 0;

	if ((rv = counter_next(st, "complaint", year, &seq)) != PL_OK)
		return rv;
	snprintf(code, 24, "ADU-%04d-%04lld", year, (long long)seq);
	s = prep(st, "INSERT INTO complaints (code, request_id, from_email,"
	    " subject, body, message_id, opened_at) VALUES (?1,?2,?3,?4,?5,"
	    "?6,?7)");
	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, code);
	if (c->request_id)
		sqlite3_bind_int64(s, 2, c->request_id);
	bind_text(s, 3, c->from_email);
	bind_text(s, 4, c->subject);
	bind_text(s, 5, c->body);
	bind_text(s, 6, c->message_id);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)c->opened_at);
	if ((rv = step_done(st, s)) == PL_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rv;
}

static void
complaint_row(sqlite3_stmt *s, struct store_complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	c->code = col_dup(s, 1);
	c->request_id = sqlite3_column_int64(s, 2);
	c->from_email = col_dup(s, 3);
	c->subject = col_dup(s, 4);
	c->body = col_dup(s, 5);
	c->message_id = col_dup(s, 6);
	c->status = col_dup(s, 7);
	c->note = col_dup(s, 8);
	c->opened_at = (time_t)sqlite3_column_int64(s, 9);
	c->escalated_at = (time_t)sqlite3_column_int64(s, 10);
	c->closed_at = (time_t)sqlite3_column_int64(s, 11);
}

#define COMPLAINT_COLS "id, code, coalesce(request_id, 0), from_email," \
	" subject, body, message_id, status, note, opened_at," \
	" coalesce(escalated_at, 0), coalesce(closed_at, 0)"

enum pl_status
store_complaint_list(struct store *st, bool open_only,
    struct store_complaint **out, size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT " COMPLAINT_COLS " FROM complaints"
	    " WHERE ?1 = 0 OR status = 'open' ORDER BY id");

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int(s, 1, open_only);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		complaint_row(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

bool
store_complaint_get(struct store *st, const char *code,
    struct store_complaint *c)
{
	sqlite3_stmt *s = prep(st, "SELECT " COMPLAINT_COLS " FROM complaints"
	    " WHERE code = ?1");
	bool found = false;

	if (s == NULL)
		return false;
	bind_text(s, 1, code);
	if (sqlite3_step(s) == SQLITE_ROW) {
		complaint_row(s, c);
		found = true;
	}
	sqlite3_finalize(s);
	return found;
}

enum pl_status
store_complaint_set(struct store *st, int64_t id, const char *status,
    const char *note, time_t escalated_at, time_t closed_at)
{
	sqlite3_stmt *s = prep(st, "UPDATE complaints SET status ="
	    " coalesce(?1, status), note = coalesce(?2, note), escalated_at ="
	    " coalesce(?3, escalated_at), closed_at = coalesce(?4, closed_at)"
	    " WHERE id = ?5");

	if (s == NULL)
		return PL_ETEMP;
	bind_text(s, 1, status);
	bind_text(s, 2, note);
	if (escalated_at)
		sqlite3_bind_int64(s, 3, (sqlite3_int64)escalated_at);
	if (closed_at)
		sqlite3_bind_int64(s, 4, (sqlite3_int64)closed_at);
	sqlite3_bind_int64(s, 5, id);
	return step_done(st, s);
}

void
store_complaint_clear(struct store_complaint *c)
{
	free(c->code);
	free(c->from_email);
	free(c->subject);
	free(c->body);
	free(c->message_id);
	free(c->status);
	free(c->note);
	memset(c, 0, sizeof *c);
}

void
store_complaint_free(struct store_complaint *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_complaint_clear(&c[i]);
	free(c);
}

/* ------------------------------------------------------------ retention */

enum pl_status
store_purge_due(struct store *st, time_t before, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = prep(st, "SELECT id FROM requests WHERE status IN"
	    " ('issued','rejected') AND updated_at < ?1 AND purged_at IS NULL"
	    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.request_id ="
	    " requests.id AND o.status = 'queued') ORDER BY id");

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)before);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

/* Append the first column of every row of sql (?1 = id) to *v. */
static enum pl_status
strings_of(struct store *st, const char *sql, int64_t id, char ***v,
    size_t *n)
{
	sqlite3_stmt *s = prep(st, sql);
	char *x;

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		if ((x = col_dup(s, 0)) != NULL) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = x;
		}
	sqlite3_finalize(s);
	return PL_OK;
}

/* Run sql with ?1 bound to id. */
static enum pl_status
exec_id(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *s = prep(st, sql);

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s);
}

enum pl_status
store_req_purge(struct store *st, int64_t id, const char *actor,
    const char *reason, time_t now, char ***files, size_t *nfiles)
{
	static const char *const shred[] = {
		/* The seeds first: without them no copy opens again. */
		"DELETE FROM seals WHERE file_id IN (SELECT stored_name FROM"
		" documents WHERE request_id = ?1)",
		"DELETE FROM seals WHERE file_id IN (SELECT file_id FROM"
		" messages WHERE request_id = ?1)",
		"DELETE FROM seals WHERE file_id IN (SELECT file_id FROM"
		" outbox WHERE request_id = ?1 AND status <> 'queued')",
		"UPDATE messages SET raw = NULL WHERE request_id = ?1",
		"UPDATE outbox SET raw = X'' WHERE request_id = ?1 AND"
		" status <> 'queued'",
		"UPDATE documents SET ocr = NULL WHERE request_id = ?1",
		"DELETE FROM fields WHERE request_id = ?1 AND name IN"
		" ('nik','nip','no_hp')",
	};
	sqlite3_stmt *s;
	char *status = NULL;
	enum pl_status rv;
	size_t i;

	*files = NULL;
	*nfiles = 0;
	if ((s = prep(st, "SELECT status FROM requests WHERE id = ?1")) ==
	    NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		status = col_dup(s, 0);
	sqlite3_finalize(s);
	if (status == NULL)
		return PL_EINPUT;
	rv = strings_of(st, "SELECT stored_name FROM documents WHERE"
	    " request_id = ?1", id, files, nfiles);
	for (i = 0; rv == PL_OK && i < sizeof shred / sizeof *shred; i++)
		rv = exec_id(st, shred[i], id);
	if (rv == PL_OK && (s = prep(st, "UPDATE requests SET purged_at = ?1"
	    " WHERE id = ?2")) != NULL) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
		sqlite3_bind_int64(s, 2, id);
		rv = step_done(st, s);
	} else if (rv == PL_OK)
		rv = PL_ETEMP;
	if (rv == PL_OK)
		rv = event_add(st, id, status, actor, reason, now);
	free(status);
	return rv;
}

bool
store_seal_known(struct store *st, const char *file_id)
{
	sqlite3_stmt *s = prep(st, "SELECT 1 FROM seals WHERE file_id = ?1");
	bool known = true;		/* on error: keep the file */

	if (s == NULL)
		return known;
	bind_text(s, 1, file_id);
	known = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return known;
}

enum pl_status
store_checkpoint(struct store *st)
{
	return exec(st, "PRAGMA wal_checkpoint(TRUNCATE)") == 0 ? PL_OK :
	    PL_ETEMP;
}

/* ----------------------------------------------------------- export */

/* Add one item of kind named name; its plaintext from the sealed blob. */
static void
item_add(struct store *st, struct store_item **v, size_t *n,
    const char *kind, const char *name, const char *id, const void *blob,
    size_t len)
{
	struct store_item *it;
	char why[200];

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	it = &(*v)[(*n)++];
	memset(it, 0, sizeof *it);
	it->kind = xstrdup(kind);
	it->name = xstrdup(name ? name : "");
	if (id == NULL || blob == NULL || len == 0)
		it->why = xstrdup("not kept (over the size cap, or purged)");
	else if (unseal(st, id, blob, len, (unsigned char **)&it->data,
	    &it->len, why, sizeof why) != PL_OK)
		it->why = xstrdup(why);
}

/* The mails (sealed in the database) of request id that sql selects. */
static enum pl_status
items_sealed(struct store *st, const char *sql, const char *kind,
    int64_t id, struct store_item **out, size_t *n)
{
	sqlite3_stmt *s = prep(st, sql);
	char *name, *fid;

	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		name = col_dup(s, 0);
		fid = col_dup(s, 1);
		item_add(st, out, n, kind, name, fid, sqlite3_column_blob(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2));
		free(name);
		free(fid);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

enum pl_status
store_req_items(struct store *st, const char *docs_dir, int64_t id,
    struct store_item **out, size_t *n)
{
	sqlite3_stmt *s;
	struct store_item *it;
	char why[200], *p, *fid;
	size_t len;

	*out = NULL;
	*n = 0;
	if (items_sealed(st, "SELECT message_id, file_id, raw FROM messages"
	    " WHERE request_id = ?1 ORDER BY id", "message", id, out, n) !=
	    PL_OK || items_sealed(st, "SELECT message_id, file_id, raw FROM"
	    " outbox WHERE request_id = ?1 ORDER BY id", "reply", id, out, n) !=
	    PL_OK)
		return PL_ETEMP;
	s = prep(st, "SELECT coalesce(filename, type), stored_name FROM"
	    " documents WHERE request_id = ?1 ORDER BY id");
	if (s == NULL)
		return PL_ETEMP;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		it = &(*out)[(*n)++];
		memset(it, 0, sizeof *it);
		it->kind = xstrdup("document");
		it->name = col_dup(s, 0);
		fid = col_dup(s, 1);
		if (store_file_get(st, docs_dir, fid ? fid : "", &p, &len, why,
		    sizeof why) == PL_OK) {
			it->data = p;
			it->len = len;
		} else
			it->why = xstrdup(why);
		free(fid);
	}
	sqlite3_finalize(s);
	return PL_OK;
}

void
store_items_free(struct store_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].name);
		if (v[i].data)
			explicit_bzero(v[i].data, v[i].len);
		free(v[i].data);
		free(v[i].why);
	}
	free(v);
}
