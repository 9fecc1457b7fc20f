/* cmd_letter: letter, approve, reject and verify-letter on the command line. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "outbox.h"
#include "review.h"
#include "util.h"
#include "verify.h"
#include "xmem.h"

#define LETTER_FILE_MAX	(64u << 20)

char *
cli_actor(const char *given)
{
	struct passwd *pw;
	const char *u = getenv("SUDO_USER");

	if (given)
		return xstrdup(given);
	if (u == NULL && (pw = getpwuid(getuid())) != NULL)
		u = pw->pw_name;
	return xasprintf("cli:%s", u ? u : "?");
}

/* Write p to path (temp file, fsync, rename), "-" for stdout. */
static int
write_out(const char *path, const char *p, size_t n)
{
	char *dir, *slash;
	int rv;

	if (strcmp(path, "-") == 0)
		return fd_write_all(STDOUT_FILENO, p, n);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		rv = file_write_atomic(".", path, p, n);
	else {
		*slash = '\0';
		rv = file_write_atomic(*dir ? dir : "/", slash + 1, p, n);
	}
	free(dir);
	if (rv == -1)
		fprintf(stderr, "sertel: cannot write %s: %s\n", path,
		    strerror(errno));
	return rv;
}

static bool
request_id(struct store *st, const char *code, int64_t *id)
{
	if (store_req_by_code(st, code, id))
		return true;
	fprintf(stderr, "sertel: no request %s\n", code);
	return false;
}

static int
status_exit(enum pl_status rv)
{
	return rv == PL_OK ? EX_OK : rv == PL_EINPUT ? EX_DATAERR :
	    rv == PL_ECONF ? EX_CONFIG : EX_TEMPFAIL;
}

/* The registered final letter of id, copied to out; -1 when none. */
static int
final_copy(struct store *st, int64_t id, const char *out)
{
	struct store_letter l;
	char *p;
	size_t n;
	int rv;

	if (!store_letter_find(st, NULL, id, true, &l))
		return -1;
	if (file_read(l.path, LETTER_FILE_MAX, &p, &n) == -1) {
		fprintf(stderr, "sertel: letter %s: cannot read %s: %s\n",
		    l.number, l.path, strerror(errno));
		store_letter_clear(&l);
		return 1;
	}
	rv = write_out(out, p, n) == -1;
	if (rv == 0 && strcmp(out, "-") != 0)
		printf("%s\t%s\n", out, l.number);
	free(p);
	store_letter_clear(&l);
	return rv;
}

static int
letter_one(struct conf *cf, const char *code, const char *out)
{
	struct store *st;
	enum pl_status rv;
	char why[REVIEW_WHY], *name = NULL, *pdf;
	size_t len;
	int64_t id;
	int pages, ex;

	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	if (!request_id(st, code, &id)) {
		store_close(st);
		return EX_DATAERR;
	}
	if ((ex = final_copy(st, id, out ? out : (name = xasprintf(
	    "surat-%s.pdf", code)))) != -1) {
		free(name);
		store_close(st);
		return ex ? EX_IOERR : EX_OK;
	}
	free(name);
	name = out ? xstrdup(out) : xasprintf("draf-surat-%s.pdf", code);
	rv = review_letter(cf, st, &id, 1, NULL, NULL, NULL, pl_now(), &pdf,
	    &len, &pages, why);
	store_close(st);
	if (rv != PL_OK) {
		fprintf(stderr, "sertel: %s\n", why);
		free(name);
		return status_exit(rv);
	}
	ex = write_out(name, pdf, len) == -1 ? EX_IOERR : EX_OK;
	if (ex == EX_OK && strcmp(name, "-") != 0)
		printf("%s\t(draf)\t%d halaman\n", name, pages);
	free(pdf);
	free(name);
	return ex;
}

/* Ids of the codes given, or the approved requests in no batch yet. */
static bool
batch_ids(struct store *st, char **codes, int n, int64_t **ids, size_t *nids)
{
	int i;

	if (n == 0)
		return store_req_unlettered(st, "approved", ids, nids) == PL_OK;
	*ids = xcalloc((size_t)n, sizeof **ids);
	*nids = 0;
	for (i = 0; i < n; i++)
		if (!request_id(st, codes[i], &(*ids)[(*nids)++])) {
			free(*ids);
			*ids = NULL;
			return false;
		}
	return true;
}

static int
letter_batch(struct conf *cf, char **codes, int n, const char *out,
    bool draft, const char *actor)
{
	struct store *st;
	enum pl_status rv;
	char why[REVIEW_WHY], number[128], path[1024], *pdf;
	int64_t *ids = NULL;
	size_t nids = 0, len;
	int pages, ex = EX_OK;

	if ((rv = open_store(cf, !draft, cf->lock_wait_s, &st)) != PL_OK)
		return store_exit(rv);
	if (!batch_ids(st, codes, n, &ids, &nids)) {
		store_close(st);
		return EX_DATAERR;
	}
	if (draft) {
		rv = review_letter(cf, st, ids, nids, NULL, NULL, NULL,
		    pl_now(), &pdf, &len, &pages, why);
		if (rv == PL_OK) {
			ex = write_out(out ? out : "draf-surat-gabungan.pdf",
			    pdf, len) == -1 ? EX_IOERR : EX_OK;
			if (ex == EX_OK)
				printf("%s\t(draf)\t%zu pemohon\t%d halaman\n",
				    out ? out : "draf-surat-gabungan.pdf", nids,
				    pages);
			free(pdf);
		}
	} else if ((rv = store_begin(st)) == PL_OK) {
		rv = review_batch(cf, st, ids, nids, actor, pl_now(), number,
		    sizeof number, path, sizeof path, why);
		if (rv == PL_OK)
			rv = store_commit(st);
		else
			store_rollback(st);
		if (rv == PL_OK) {
			printf("%s\t%s\t%zu pemohon\n", path, number, nids);
			if (out && strcmp(out, path) != 0) {
				char *p;
				size_t plen;

				if (file_read(path, LETTER_FILE_MAX, &p, &plen)
				    == 0) {
					ex = write_out(out, p, plen) == -1 ?
					    EX_IOERR : EX_OK;
					free(p);
				}
			}
		}
	}
	if (rv != PL_OK)
		fprintf(stderr, "sertel: %s\n", why[0] ? why :
		    "the store is busy");
	free(ids);
	store_close(st);
	return rv != PL_OK ? status_exit(rv) : ex;
}

int
cmd_letter(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "output", required_argument, NULL, 'o' },
	    { "batch", no_argument, NULL, 'b' },
	    { "draft", no_argument, NULL, 'd' },
	    { "actor", required_argument, NULL, 'a' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *out = NULL, *actor = NULL;
	bool batch = false, draft = false;
	int ch, help = 0, ex;
	char *who;

	while ((ch = sub_getopt(argc, argv, "o:bda:h", lo,
	    cmd_find("letter"), &help)) != -1 && !help) {
		if (ch == 'o')
			out = optarg;
		else if (ch == 'b')
			batch = true;
		else if (ch == 'd')
			draft = true;
		else if (ch == 'a')
			actor = optarg;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (!batch && optind != argc - 1) {
		usage_of(cmd_find("letter"), stderr);
		return EX_USAGE;
	}
	if (!batch)
		return letter_one(cf, argv[optind], out);
	who = cli_actor(actor);
	ex = letter_batch(cf, argv + optind, argc - optind, out, draft, who);
	free(who);
	return ex;
}

/* approve and reject: one transaction under the store's lock. */
static int
decide_cli(struct conf *cf, const char *code, const char *actor,
    const char *reason)
{
	struct store *st;
	enum pl_status rv;
	char why[REVIEW_WHY], number[128], path[1024], *who = cli_actor(actor);
	int64_t id;

	why[0] = '\0';
	if ((rv = open_store(cf, true, cf->lock_wait_s, &st)) != PL_OK) {
		free(who);
		return store_exit(rv);
	}
	if (!request_id(st, code, &id)) {
		store_close(st);
		free(who);
		return EX_DATAERR;
	}
	if ((rv = store_begin(st)) == PL_OK) {
		rv = reason ? review_reject(cf, st, id, who, reason, pl_now(),
		    why) : review_approve(cf, st, id, who, pl_now(), number,
		    sizeof number, path, sizeof path, why);
		if (rv == PL_OK)
			rv = store_commit(st);
		else
			store_rollback(st);
	}
	if (rv == PL_OK) {
		if (reason)
			printf("%s\trejected\n", code);
		else
			printf("%s\tapproved\t%s\t%s\n", code, number, path);
		log_info("stage=review request=%s result=%s actor=%s", code,
		    reason ? "rejected" : "approved", who);
		outbox_flush(st, cf, outbox_ops(cf), &(size_t){ 0 },
		    &(size_t){ 0 });
	} else
		fprintf(stderr, "sertel: %s: %s\n", code, why[0] ? why :
		    "the store is busy");
	store_close(st);
	free(who);
	return status_exit(rv);
}

int
cmd_approve(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "actor", required_argument, NULL, 'a' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *actor = NULL;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "a:h", lo, cmd_find("approve"),
	    &help)) != -1 && !help)
		if (ch == 'a')
			actor = optarg;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1) {
		usage_of(cmd_find("approve"), stderr);
		return EX_USAGE;
	}
	return decide_cli(cf, argv[optind], actor, NULL);
}

int
cmd_reject(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "reason", required_argument, NULL, 'r' },
	    { "actor", required_argument, NULL, 'a' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *actor = NULL, *reason = NULL;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "r:a:h", lo, cmd_find("reject"),
	    &help)) != -1 && !help) {
		if (ch == 'a')
			actor = optarg;
		else if (ch == 'r')
			reason = optarg;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1 || reason == NULL) {
		usage_of(cmd_find("reject"), stderr);
		return EX_USAGE;
	}
	return decide_cli(cf, argv[optind], actor, reason);
}

static const char *
reg_text(enum verify_reg r)
{
	switch (r) {
	case VREG_MATCH:
		return "ok: issued by this office with this content";
	case VREG_UNKNOWN:
		return "FAILED: no letter with this number in the register";
	case VREG_MISMATCH:
		return "FAILED: the register holds other content for this "
		    "number";
	case VREG_OTHER_FILE:
		return "FAILED: not the file the office issued";
	default:
		return "not checked (no register)";
	}
}

int
cmd_verify_letter(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "ca", required_argument, NULL, 'c' },
	    { "no-register", no_argument, NULL, 'n' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *ca = NULL;
	struct store *st = NULL;
	struct verify_result v;
	bool reg = true, ok;
	char *p;
	size_t n;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "c:nh", lo,
	    cmd_find("verify-letter"), &help)) != -1 && !help) {
		if (ch == 'c')
			ca = optarg;
		else if (ch == 'n')
			reg = false;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1) {
		usage_of(cmd_find("verify-letter"), stderr);
		return EX_USAGE;
	}
	if (file_read(argv[optind], LETTER_FILE_MAX, &p, &n) == -1) {
		fprintf(stderr, "sertel: cannot read %s: %s\n", argv[optind],
		    strerror(errno));
		return EX_NOINPUT;
	}
	if (reg && access(cf->store, R_OK) == 0 &&
	    open_store(cf, false, 0, &st) != PL_OK)
		st = NULL;
	verify_letter(p, n, ca, st, &v);
	free(p);
	ok = verify_ok(&v, ca != NULL);
	printf("file:        %s\n", argv[optind]);
	printf("signature:   %s\n", !v.sig.has_sig ? "FAILED: not signed" :
	    !v.sig.digest_ok ? "FAILED: digest mismatch (changed after "
	    "signing)" : !v.sig.sig_ok ? "FAILED: signature does not verify"
	    : "valid");
	printf("coverage:    %s\n", v.sig.whole ? "the whole document" :
	    "FAILED: not the whole document");
	if (v.sig.has_sig) {
		printf("signer:      %s\n", v.sig.signer);
		printf("signed at:   %s\n", v.sig.signed_at[0] ?
		    v.sig.signed_at : "-");
	}
	printf("certificate: %s\n", ca == NULL ? "not checked (no --ca)" :
	    v.sig.trusted ? "trusted" : "FAILED: not trusted");
	if (v.qr_found) {
		printf("qr:          Nomor %s, SHA-256 %s\n", v.number, v.sha);
		printf("number:      %s\n", v.number_in_text ? "printed in "
		    "the letter" : "FAILED: not in the letter's text");
	} else
		printf("qr:          FAILED: no sertel QR code on the last "
		    "pages\n");
	printf("register:    %s\n", reg_text(v.reg));
	if (v.codes[0])
		printf("requests:    %s\n", v.codes);
	if (v.sig.why[0] && !ok)
		printf("why:         %s\n", v.sig.why);
	printf("result:      %s\n", ok ? "VALID" : "NOT VALID");
	store_close(st);
	return ok ? EX_OK : EX_DATAERR;
}

int
cmd_disposition(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "output", required_argument, NULL, 'o' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	struct store *st;
	enum pl_status rv;
	char why[REVIEW_WHY], *pdf = NULL, *name;
	size_t len;
	int64_t id;
	int ch, help = 0, ex;

	while ((ch = sub_getopt(argc, argv, "o:h", lo,
	    cmd_find("disposition"), &help)) != -1 && !help)
		if (ch == 'o')
			out = optarg;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1) {
		usage_of(cmd_find("disposition"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	if (!request_id(st, argv[optind], &id)) {
		store_close(st);
		return EX_DATAERR;
	}
	rv = review_disposition(cf, st, id, pl_now(), &pdf, &len, why);
	store_close(st);
	if (rv != PL_OK) {
		fprintf(stderr, "sertel: %s\n", why);
		return status_exit(rv);
	}
	name = out ? xstrdup(out) : xasprintf("disposisi-%s.pdf",
	    argv[optind]);
	ex = write_out(name, pdf, len) == -1 ? EX_IOERR : EX_OK;
	if (ex == EX_OK && strcmp(name, "-") != 0)
		printf("%s\n", name);
	free(name);
	free(pdf);
	return ex;
}
