/* test_store: the SQLite store on a temporary file. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testlib.h"

#include "pipeline.h"
#include "store.h"
#include "util.h"
#include "vault.h"

#define SHA_A	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define NOW	((time_t)1795230000)

struct fx {
	char		*dir;
	char		 path[4200];
	struct store	*st;
};

/* The store's master keys, in the fixture's directory. */
static void
attach(struct fx *f)
{
	char path[4300], why[200];
	struct vault *v;

	snprintf(path, sizeof path, "%s/master.key", f->dir);
	v = vault_load(path, true, NULL, why, sizeof why);
	if (v == NULL)
		fail_msg("vault_load: %s", why);
	store_set_vault(f->st, v);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *why = NULL;

	if (f == NULL)
		return -1;
	f->dir = tl_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/sertel.db", f->dir);
	if (store_open(f->path, true, 0, &f->st, &why) != PL_OK) {
		print_error("store_open: %s\n", why ? why : "?");
		return -1;
	}
	attach(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	tl_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* user_version of the file at path, read behind the store's back. */
static int
file_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	    NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/*
 * A new store is migrated to the newest schema: version 1 is the
 * backbone, later migrations only add to it.
 */
static void
test_schema_version(void **state)
{
	struct fx *f = *state;
	int v = store_schema_version(f->st);

	assert_true(v >= 1);
	assert_int_equal(file_version(f->path), v);
}

/* Reopening runs no migration again and keeps the data. */
static void
test_reopen_idempotent(void **state)
{
	struct fx *f = *state;
	const char *why;
	char code[24];
	int64_t id, rid;
	int i, v = store_schema_version(f->st);

	assert_true(v >= 1);
	assert_int_equal(store_req_new(f->st, "issuance", 2026, "a@x.go.id",
	    "A", NULL, NOW, &id, code), PL_OK);
	for (i = 0; i < 3; i++) {
		store_close(f->st);
		f->st = NULL;
		assert_int_equal(store_open(f->path, true, 0, &f->st, &why),
		    PL_OK);
		assert_int_equal(store_schema_version(f->st), v);
		assert_true(store_req_by_code(f->st, code, &rid));
		assert_int_equal(rid, id);
	}
	/* Without the lock too (read-only tools). */
	store_close(f->st);
	assert_int_equal(store_open(f->path, false, 0, &f->st, &why), PL_OK);
	assert_int_equal(store_schema_version(f->st), v);
	assert_int_equal(file_version(f->path), v);
}

/* A second locked open is refused with PL_ETEMP until the first closes. */
static void
test_lock(void **state)
{
	struct fx *f = *state;
	struct store *st2 = (struct store *)1;
	const char *why = NULL;
	struct timespec t0, t1;
	double el;

	assert_int_equal(store_open(f->path, true, 0, &st2, &why), PL_ETEMP);
	assert_null(st2);
	assert_non_null(why);
	/* Waiting gives up after about wait_s seconds. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	why = NULL;
	assert_int_equal(store_open(f->path, true, 1, &st2, &why), PL_ETEMP);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	el = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(el >= 0.9);
	assert_true(el <= 5.0);
	/* Unlocked opens are not blocked. */
	assert_int_equal(store_open(f->path, false, 0, &st2, &why), PL_OK);
	store_close(st2);
	/* Once the holder closes, the lock is free. */
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(store_open(f->path, true, 0, &st2, &why), PL_OK);
	assert_int_equal(store_open(f->path, true, 0, &f->st, &why), PL_ETEMP);
	f->st = st2;
}

/* A store from a newer sertel, or an unopenable path: PL_ECONF. */
static void
test_open_errors(void **state)
{
	struct fx *f = *state;
	struct store *st = NULL;
	char path[4300];
	const char *why = NULL;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/newer.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, false, 0, &st, &why), PL_ECONF);
	assert_null(st);
	assert_non_null(why);

	why = NULL;
	snprintf(path, sizeof path, "%s/no/such/dir/x.db", f->dir);
	assert_int_equal(store_open(path, false, 0, &st, &why), PL_ECONF);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(store_open(path, true, 0, &st, &why), PL_ECONF);
	assert_non_null(why);

	/* A file that is not a database. */
	snprintf(path, sizeof path, "%s/junk.db", f->dir);
	{
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fputs("this is not an SQLite database, just text.......\n"
		    "................................................\n", fp);
		fclose(fp);
	}
	assert_int_not_equal(store_open(path, false, 0, &st, &why), PL_OK);
	assert_null(st);
}

/* Request codes: SE-YYYY-NNNNNN, sequential per year, never reused. */
static void
test_request_codes(void **state)
{
	static const struct {
		int		 year;
		const char	*want;
	} rows[] = {
		{ 2026, "SE-2026-000001" }, { 2026, "SE-2026-000002" },
		{ 2026, "SE-2026-000003" }, { 2027, "SE-2027-000001" },
		{ 2026, "SE-2026-000004" }, { 2027, "SE-2027-000002" },
	};
	struct fx *f = *state;
	const char *why;
	char code[24];
	int64_t id, prev = 0, rid;
	size_t i;

	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		assert_int_equal(store_req_new(f->st, "issuance", rows[i].year,
		    "budi@gmail.com", "Budi", NULL, NOW, &id, code), PL_OK);
		tl_str("code", i, "", code, rows[i].want);
		if (id <= prev)
			tl_fail("row %zu: id %lld not increasing", i,
			    (long long)id);
		prev = id;
		if (!store_req_by_code(f->st, rows[i].want, &rid) || rid != id)
			tl_fail("row %zu: store_req_by_code", i);
	}
	TL_END();
	/* A rolled-back request does not burn... or reuse... a code. */
	assert_int_equal(store_begin(f->st), PL_OK);
	assert_int_equal(store_req_new(f->st, "renewal", 2026, "c@x", "C",
	    NULL, NOW, &id, code), PL_OK);
	assert_string_equal(code, "SE-2026-000005");
	store_rollback(f->st);
	assert_false(store_req_by_code(f->st, "SE-2026-000005", &rid));
	assert_int_equal(store_begin(f->st), PL_OK);
	assert_int_equal(store_req_new(f->st, "renewal", 2026, "c@x", "C",
	    NULL, NOW, &id, code), PL_OK);
	assert_string_equal(code, "SE-2026-000005");
	assert_int_equal(store_commit(f->st), PL_OK);
	/* After a reopen the sequence goes on. */
	store_close(f->st);
	assert_int_equal(store_open(f->path, true, 0, &f->st, &why), PL_OK);
	assert_int_equal(store_req_new(f->st, "issuance", 2026, "d@x", "D",
	    NULL, NOW, &id, code), PL_OK);
	assert_string_equal(code, "SE-2026-000006");
	assert_false(store_req_by_code(f->st, "SE-2026-999999", &rid));
	assert_false(store_req_by_code(f->st, "", &rid));
	/* Only the two request types exist. */
	assert_int_not_equal(store_req_new(f->st, "bogus", 2026, "e@x", "E",
	    NULL, NOW, &id, code), PL_OK);
}

static void
msg_init(struct store_msg *m, const char *id, const char *sha,
    int64_t rid)
{
	memset(m, 0, sizeof *m);
	m->message_id = id;
	m->sha256 = sha;
	m->raw = "From: a@b\r\n\r\nx\r\n";
	m->size = strlen(m->raw);
	m->source = "stdin";
	m->from_email = "budi@gmail.com";
	m->subject = "Permohonan";
	m->date = "2026-11-21T10:00:00+07:00";
	m->received_at = NOW;
	m->request_id = rid;
	m->disposition = rid ? "request" : "ignored";
}

/* The same Message-ID with the same hash is one message. */
static void
test_msg_dedupe(void **state)
{
	struct fx *f = *state;
	struct store_msg m;
	int64_t row = 0, row2 = 0, seen = 0;

	msg_init(&m, "<CAB1@mail.gmail.com>", SHA_A, 0);
	assert_false(store_msg_seen(f->st, m.message_id, SHA_A, &seen));
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	assert_true(row > 0);
	assert_true(store_msg_seen(f->st, "<CAB1@mail.gmail.com>", SHA_A,
	    &seen));
	assert_int_equal(seen, row);
	assert_true(store_msg_seen(f->st, "<CAB1@mail.gmail.com>", SHA_A,
	    NULL));
	/* Same id, other content; other id, same content: not seen. */
	assert_false(store_msg_seen(f->st, "<CAB1@mail.gmail.com>", SHA_B,
	    &seen));
	assert_false(store_msg_seen(f->st, "<CAB2@mail.gmail.com>", SHA_A,
	    &seen));
	assert_false(store_msg_seen(f->st, "<cab1@mail.gmail.com>", SHA_A,
	    &seen));
	/* Adding the same pair again is refused. */
	assert_int_not_equal(store_msg_add(f->st, &m, &row2), PL_OK);
	/* Messages without a Message-ID are told apart by their hash. */
	msg_init(&m, "", SHA_A, 0);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	msg_init(&m, "", SHA_B, 0);
	m.raw = NULL;		/* over the size cap: not kept */
	assert_int_equal(store_msg_add(f->st, &m, &row2), PL_OK);
	assert_true(row2 != row);
	assert_true(store_msg_seen(f->st, "", SHA_B, &seen));
	assert_int_equal(seen, row2);
}


/* Messages, files and mail are sealed; each opens only as itself. */
static void
test_sealed(void **state)
{
	struct fx *f = *state;
	struct store_msg m;
	struct store_out *o = NULL;
	char id[65], id2[65], why[200], *p = NULL, docs[4300], path[4400],
	    path2[4400], *c;
	size_t n = 0, cn;
	int64_t row = 0;
	sqlite3 *db;
	sqlite3_stmt *s;
	const char *secret = "NIK: 3375010101900001";

	assert_false(store_sealed_any(f->st));
	msg_init(&m, "<sealed@x>", SHA_A, 0);
	m.raw = secret;
	m.size = strlen(secret);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	assert_true(store_sealed_any(f->st));
	assert_int_equal(store_msg_raw(f->st, row, &p, &n, why, sizeof why),
	    PL_OK);
	assert_string_equal(p, secret);
	free(p);
	/* In the database file: only the sealed form. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT raw FROM messages",
	    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_memory_equal(sqlite3_column_blob(s, 0), "SRTL", 4);
	assert_null(memmem(sqlite3_column_blob(s, 0),
	    (size_t)sqlite3_column_bytes(s, 0), "3375", 4));
	sqlite3_finalize(s);
	sqlite3_close(db);

	/* A file: opens as itself, not renamed, not altered. */
	snprintf(docs, sizeof docs, "%s/docs", f->dir);
	assert_int_equal(store_file_put(f->st, docs, secret, strlen(secret),
	    id), PL_OK);
	assert_int_equal(store_file_get(f->st, docs, id, &p, &n, why,
	    sizeof why), PL_OK);
	assert_int_equal(n, strlen(secret));
	assert_string_equal(p, secret);
	free(p);
	assert_int_equal(store_file_put(f->st, docs, "other", 5, id2), PL_OK);
	snprintf(path, sizeof path, "%s/%s", docs, id);
	snprintf(path2, sizeof path2, "%s/%s", docs, id2);
	assert_int_equal(rename(path, path2), 0);	/* swapped in */
	assert_int_equal(store_file_get(f->st, docs, id2, &p, &n, why,
	    sizeof why), PL_EINPUT);
	assert_null(p);
	assert_int_equal(store_file_get(f->st, docs, "../master.key", &p, &n,
	    why, sizeof why), PL_EINPUT);
	assert_int_equal(store_file_put(f->st, docs, secret, strlen(secret),
	    id), PL_OK);
	snprintf(path, sizeof path, "%s/%s", docs, id);
	assert_int_equal(file_read(path, 1 << 20, &c, &cn), 0);
	c[cn - 1] ^= 1;					/* the tag */
	assert_int_equal(file_write_atomic(docs, id, c, cn), 0);
	free(c);
	assert_int_equal(store_file_get(f->st, docs, id, &p, &n, why,
	    sizeof why), PL_EINPUT);
	assert_non_null(strstr(why, "does not verify"));

	/* Outgoing mail: sealed at rest, whole when due. */
	assert_int_equal(store_out_add(f->st, 0, "<sealed-out@h>", "x@y",
	    "reply", secret, strlen(secret), NOW), PL_OK);
	assert_int_equal(store_out_due(f->st, NOW, 10, &o, &n), PL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].raw, secret);
	store_out_free(o, n);

	/* Without the master keys nothing personal is stored. */
	store_set_vault(f->st, NULL);
	msg_init(&m, "<nokey@x>", SHA_B, 0);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_ECONF);
	assert_int_equal(store_file_put(f->st, docs, "x", 1, id), PL_ECONF);
	attach(f);
}

/* Which request a Message-ID belongs to: incoming or our own. */
static void
test_thread_find(void **state)
{
	struct fx *f = *state;
	struct store_msg m;
	char code[24];
	int64_t r1, r2, row, rid;

	assert_int_equal(store_req_new(f->st, "issuance", 2026, "a@x", "A",
	    NULL, NOW, &r1, code), PL_OK);
	assert_int_equal(store_req_new(f->st, "issuance", 2026, "b@x", "B",
	    NULL, NOW, &r2, code), PL_OK);
	msg_init(&m, "<in1@mail.gmail.com>", SHA_A, r1);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	msg_init(&m, "<in2@mail.gmail.com>", SHA_A, r2);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	msg_init(&m, "<spam@x>", SHA_A, 0);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	assert_int_equal(store_out_add(f->st, r2,
	    "<sertel.1795230000.abc@pekalongankota.go.id>", "b@x", "reply",
	    "raw", 3, NOW), PL_OK);
	assert_int_equal(store_out_add(f->st, 0, "<sertel.report@x>",
	    "kabid@x", "report", "raw", 3, NOW), PL_OK);

	rid = 0;
	assert_true(store_thread_find(f->st, "<in1@mail.gmail.com>", &rid));
	assert_int_equal(rid, r1);
	assert_true(store_thread_find(f->st, "<in2@mail.gmail.com>", &rid));
	assert_int_equal(rid, r2);
	rid = 0;
	assert_true(store_thread_find(f->st,
	    "<sertel.1795230000.abc@pekalongankota.go.id>", &rid));
	assert_int_equal(rid, r2);
	assert_false(store_thread_find(f->st, "<spam@x>", &rid));
	assert_false(store_thread_find(f->st, "<sertel.report@x>", &rid));
	assert_false(store_thread_find(f->st, "<nosuch@x>", &rid));
	assert_false(store_thread_find(f->st, "in1@mail.gmail.com", &rid));
	assert_false(store_thread_find(f->st, "", &rid));
	assert_false(store_thread_find(f->st, NULL, &rid));
	assert_false(store_thread_find(f->st, "' OR 1=1 --", &rid));
}

/* Outgoing mail: due when queued and next_at has come, retried later. */
static void
test_outbox(void **state)
{
	static const char raw2[] = "From: x\r\n\r\nbinary\0bytes\r\n";
	struct fx *f = *state;
	struct store_out *o;
	char code[24];
	int64_t rid, id1, id2;
	size_t n;

	assert_int_equal(store_req_new(f->st, "issuance", 2026, "a@x", "A",
	    NULL, NOW, &rid, code), PL_OK);
	assert_int_equal(store_out_add(f->st, rid, "<o1@h>", "budi@gmail.com",
	    "reply", "From: a\r\n\r\nsatu\r\n", 17, NOW), PL_OK);
	assert_int_equal(store_out_add(f->st, rid, "<o2@h>", "budi@gmail.com",
	    "reply", raw2, sizeof raw2 - 1, NOW + 10), PL_OK);
	/* The same Message-ID twice is refused. */
	assert_int_not_equal(store_out_add(f->st, rid, "<o1@h>", "x@y",
	    "reply", "r", 1, NOW), PL_OK);
	assert_int_equal(store_out_count(f->st, "queued"), 2);

	/* Not due before its time. */
	assert_int_equal(store_out_due(f->st, NOW - 1, 10, &o, &n), PL_OK);
	assert_int_equal(n, 0);
	store_out_free(o, n);
	assert_int_equal(store_out_due(f->st, NOW, 10, &o, &n), PL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].message_id, "<o1@h>");
	store_out_free(o, n);

	/* Oldest first, at most max. */
	assert_int_equal(store_out_due(f->st, NOW + 10, 1, &o, &n), PL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].message_id, "<o1@h>");
	store_out_free(o, n);
	assert_int_equal(store_out_due(f->st, NOW + 10, 10, &o, &n), PL_OK);
	assert_int_equal(n, 2);
	id1 = o[0].id;
	id2 = o[1].id;
	assert_int_equal(o[0].request_id, rid);
	assert_string_equal(o[0].rcpt, "budi@gmail.com");
	assert_string_equal(o[0].status, "queued");
	assert_int_equal(o[0].attempts, 0);
	assert_int_equal(o[0].len, 17);
	assert_memory_equal(o[0].raw, "From: a\r\n\r\nsatu\r\n", 17);
	/* Bytes kept exactly, NUL included. */
	assert_int_equal(o[1].len, sizeof raw2 - 1);
	assert_memory_equal(o[1].raw, raw2, sizeof raw2 - 1);
	store_out_free(o, n);

	/* A temporary failure: queued again, later. */
	assert_int_equal(store_out_done(f->st, id1, false, false,
	    "421 try later", NOW + 20), PL_OK);
	assert_int_equal(store_out_due(f->st, NOW + 20, 10, &o, &n), PL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].id, id2);
	store_out_free(o, n);
	assert_int_equal(store_out_due(f->st, NOW + 20 + 86400, 10, &o, &n),
	    PL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].id, id1);
	assert_int_equal(o[0].attempts, 1);
	store_out_free(o, n);
	assert_int_equal(store_out_count(f->st, "queued"), 2);

	/* Sent: never due again. */
	assert_int_equal(store_out_done(f->st, id1, true, false, NULL,
	    NOW + 100), PL_OK);
	/* Permanent failure: never due again. */
	assert_int_equal(store_out_done(f->st, id2, false, true,
	    "550 no such user", NOW + 100), PL_OK);
	assert_int_equal(store_out_due(f->st, NOW + 365 * 86400, 10, &o, &n),
	    PL_OK);
	assert_int_equal(n, 0);
	store_out_free(o, n);
	assert_int_equal(store_out_count(f->st, "sent"), 1);
	assert_int_equal(store_out_count(f->st, "failed"), 1);
	assert_int_equal(store_out_count(f->st, "queued"), 0);
}

/* Retries back off and are never lost: many temporary failures. */
static void
test_outbox_backoff(void **state)
{
	struct fx *f = *state;
	struct store_out *o;
	time_t now = NOW, due_at;
	int64_t id;
	size_t n;
	int i;

	assert_int_equal(store_out_add(f->st, 0, "<b@h>", "x@y", "reply",
	    "r", 1, now), PL_OK);
	assert_int_equal(store_out_due(f->st, now, 10, &o, &n), PL_OK);
	assert_int_equal(n, 1);
	id = o[0].id;
	store_out_free(o, n);
	for (i = 0; i < 15; i++) {
		assert_int_equal(store_out_done(f->st, id, false, false,
		    "451", now), PL_OK);
		/* Not due at once... */
		assert_int_equal(store_out_due(f->st, now, 10, &o, &n), PL_OK);
		assert_int_equal(n, 0);
		store_out_free(o, n);
		/* ... but within a day. */
		for (due_at = now + 1; due_at <= now + 86400; due_at += 30) {
			assert_int_equal(store_out_due(f->st, due_at, 10, &o,
			    &n), PL_OK);
			store_out_free(o, n);
			if (n == 1)
				break;
		}
		assert_true(due_at <= now + 86400);
		now = due_at;
	}
}

/* Status, missing list, events, fields, documents, checks, thread. */
static void
test_request_load(void **state)
{
	struct fx *f = *state;
	struct pl_request r;
	struct pl_field fld = { "nik", (char *)"3375011203850001",
	    (char *)"body" };
	struct pl_doc d;
	struct pl_check ck[2] = {
		{ (char *)"dokumen_lengkap", false, (char *)"ktp (tidak ada)" },
		{ (char *)"data_formulir", true, (char *)"ok" },
	};
	struct store_msg m;
	char *missing[] = { (char *)"ktp", (char *)"sk_jabatan" };
	char code[24];
	int64_t rid, row;

	assert_int_equal(store_req_new(f->st, "issuance", 2026,
	    "budi@gmail.com", "Budi", "staf@pekalongankota.go.id", NOW, &rid,
	    code), PL_OK);
	msg_init(&m, "<m1@x>", SHA_A, rid);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	assert_int_equal(store_field_set(f->st, rid, &fld, row), PL_OK);
	fld.value = (char *)"3375011203850002";	/* a later value wins */
	assert_int_equal(store_field_set(f->st, rid, &fld, row), PL_OK);
	memset(&d, 0, sizeof d);
	d.type = DOC_KTP;
	d.filename = (char *)"KTP.jpg";
	d.content_type = (char *)"image/jpeg";
	d.declared_type = (char *)"image/jpeg";
	d.size = 1234;
	memcpy(d.sha256, SHA_B, 65);
	d.stored = (char *)"0001.jpg";
	d.usable = false;
	d.note = (char *)"KTP tidak berwarna";
	assert_false(store_doc_has(f->st, rid, SHA_B));
	assert_int_equal(store_doc_add(f->st, rid, row, &d, NOW), PL_OK);
	assert_true(store_doc_has(f->st, rid, SHA_B));
	assert_false(store_doc_has(f->st, rid + 1, SHA_B));
	assert_int_equal(store_checks_set(f->st, rid, ck, 2), PL_OK);
	assert_int_equal(store_checks_set(f->st, rid, ck, 2), PL_OK);
	assert_int_equal(store_req_status(f->st, rid, "incomplete", "sertel",
	    "dokumen kurang", missing, 2, NOW + 5), PL_OK);
	assert_int_equal(store_out_add(f->st, rid, "<sertel.1@h>", "budi@x",
	    "reply", "r", 1, NOW + 5), PL_OK);

	assert_int_equal(store_req_load(f->st, rid, &r), PL_OK);
	assert_string_equal(r.code, code);
	assert_string_equal(r.type, "issuance");
	assert_string_equal(r.status, "incomplete");
	assert_string_equal(r.applicant_email, "budi@gmail.com");
	assert_string_equal(r.applicant_name, "Budi");
	assert_string_equal(r.forwarder_email, "staf@pekalongankota.go.id");
	assert_int_equal(r.received_at, NOW);
	assert_int_equal(r.updated_at, NOW + 5);
	assert_int_equal(r.nmissing, 2);
	assert_string_equal(r.missing[0], "ktp");
	assert_string_equal(r.missing[1], "sk_jabatan");
	assert_int_equal(r.nevents, 1);
	assert_string_equal(r.events[0].status, "incomplete");
	assert_string_equal(r.events[0].actor, "sertel");
	assert_string_equal(r.fields[1].name, "nik");
	assert_string_equal(r.fields[1].value, "3375011203850002");
	assert_null(r.fields[0].value);
	assert_int_equal(r.ndocs, 1);
	assert_int_equal(r.docs[0].type, DOC_KTP);
	assert_false(r.docs[0].usable);
	assert_string_equal(r.docs[0].note, "KTP tidak berwarna");
	assert_string_equal(r.docs[0].sha256, SHA_B);
	assert_int_equal(r.nchecks, 2);
	assert_int_equal(r.nmsgs, 1);
	assert_string_equal(r.last_msgid, "<sertel.1@h>");
	assert_string_equal(r.refs, "<m1@x> <sertel.1@h>");
	pl_request_clear(&r);

	/* Unknown id: PL_EINPUT. */
	assert_int_equal(store_req_load(f->st, rid + 1000, &r), PL_EINPUT);
	pl_request_clear(&r);
}

/* Quarantined (and optionally ignored) messages are listed. */
static void
test_held_list(void **state)
{
	struct fx *f = *state;
	struct store_msg m;
	struct store_held *h;
	int64_t row;
	size_t n;

	msg_init(&m, "<q@x>", SHA_A, 0);
	m.disposition = "quarantined";
	m.reason = "NUL byte in a header";
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	msg_init(&m, "<i@x>", SHA_A, 0);
	assert_int_equal(store_msg_add(f->st, &m, &row), PL_OK);
	msg_init(&m, "<bad@x>", SHA_A, 0);
	m.disposition = "exploded";		/* not a disposition */
	assert_int_not_equal(store_msg_add(f->st, &m, &row), PL_OK);

	assert_int_equal(store_held_list(f->st, false, &h, &n), PL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].message_id, "<q@x>");
	assert_string_equal(h[0].reason, "NUL byte in a header");
	assert_string_equal(h[0].received_at, "2026-11-21T10:00:00+07:00");
	store_held_free(h, n);
	assert_int_equal(store_held_list(f->st, true, &h, &n), PL_OK);
	assert_int_equal(n, 2);
	store_held_free(h, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_version, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopen_idempotent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_request_codes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_msg_dedupe, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_thread_find, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_backoff, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_request_load, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_held_list, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
