/* main: command line, subcommands, exit codes (sysexits.h). */
#include <getopt.h>
#include <json-c/json.h>
#include <signal.h>
#include <time.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cli.h"
#include "conf.h"
#include "identity.h"
#include "ingest.h"
#include "log.h"
#include "ocr.h"
#include "outbox.h"
#include "report.h"
#include "run.h"
#include "store.h"
#include "util.h"
#include "vault.h"
#include "xmem.h"

#define SERTEL_VERSION	"0.1.0"

void
usage_of(const struct cmd *c, FILE *out)
{
	fprintf(out, "usage: sertel [--config FILE] [-v] %s %s\n\n%s", c->name,
	    c->usage, c->help);
}

/* getopt_long over a subcommand's arguments; --help is always there. */
int
sub_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const struct cmd *c, int *help)
{
	int ch = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (ch == 'h') {
		usage_of(c, stdout);
		*help = 1;
	} else if (ch == '?') {
		usage_of(c, stderr);
		*help = 2;
	}
	return ch;
}

int
store_exit(enum pl_status st)
{
	return st == PL_ETEMP ? EX_TEMPFAIL : st == PL_ECONF ? EX_CONFIG :
	    st == PL_EINPUT ? EX_DATAERR : EX_SOFTWARE;
}

/*
 * The master keys of the sealed files. A missing key file is created only
 * for a store that never sealed anything: else the documents would be
 * lost behind a new key, and saying so is the only right answer.
 */
static enum pl_status
open_vault(const struct conf *cf, struct store *st)
{
	struct vault *v;
	bool created = false, fresh = !store_sealed_any(st);
	char why[300];

	if ((v = vault_load(cf->master_key, fresh, &created, why,
	    sizeof why)) == NULL) {
		log_warnx("stage=store result=error why=\"master key: %s%s\"",
		    why, fresh ? "" : "; the store holds sealed documents: "
		    "restore the key file from its backup");
		return PL_ECONF;
	}
	if (created)
		fprintf(stderr, "sertel: created the master key %s: back it up "
		    "apart from the store; without it no stored document can "
		    "be read\n", cf->master_key);
	store_set_vault(st, v);
	return PL_OK;
}

enum pl_status
open_store(const struct conf *cf, bool lock, int wait_s, struct store **st)
{
	const char *why = "";
	enum pl_status rv;
	char *dir = xstrdup(cf->store), *slash = strrchr(dir, '/');

	if (slash) {
		*slash = '\0';
		mkdir_p(dir);
	}
	free(dir);
	if ((rv = store_open(cf->store, lock, wait_s, st, &why)) != PL_OK) {
		log_warnx("stage=store result=error path=%s why=\"%s\"",
		    cf->store, why);
		return rv;
	}
	if ((rv = open_vault(cf, *st)) != PL_OK) {
		store_close(*st);
		*st = NULL;
	}
	return rv;
}

static void
flush_outbox(struct store *st, const struct conf *cf, bool quiet)
{
	size_t sent = 0, failed = 0;

	if (outbox_flush(st, cf, outbox_ops(cf), &sent, &failed) != PL_OK)
		log_warnx("stage=outbox result=error why=\"cannot deliver\"");
	if (!quiet)
		fprintf(stderr, "outbox: %zu delivered to %s, %zu to retry\n",
		    sent, *cf->smtp.host ? cf->smtp.host : cf->outbox_dir,
		    failed);
}

/* A progress bar on a terminal: "[#####     ] 120/300". */
static void
progress(size_t done, size_t total)
{
	int i, w = 30, fill = total ? (int)(done * w / total) : w;

	fprintf(stderr, "\r[");
	for (i = 0; i < w; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %zu/%zu", done, total);
	if (done == total)
		fputc('\n', stderr);
}

#define LOOKAHEAD	8	/* messages read ahead for the OCR workers */

/* Process every message of one source; PL_ECONF stops the batch. */
enum pl_status
process_path(struct run_ctx *ctx, const struct ingest_ops *ops,
    const char *path, bool ack, bool bar)
{
	struct ingest *in = NULL;
	struct raw_msg ring[LOOKAHEAD];
	enum run_result res;
	enum pl_status st = PL_OK, rd = PL_OK;
	char code[24];
	size_t total, done = 0, head = 0, count = 0;

	if (ops == NULL)
		ops = ingest_detect(path);
	if (ops == NULL || ops->open(&in, path) != PL_OK) {
		log_warnx("stage=ingest result=error path=\"%s\" why=\"not a "
		    "Maildir, mbox or message file\"", path);
		return PL_ECONF;
	}
	total = ops->count(in);
	memset(ring, 0, sizeof ring);
	for (;;) {
		/* Keep the window full: later messages' KTPs read meanwhile. */
		while (rd == PL_OK && count < LOOKAHEAD) {
			struct raw_msg *m = &ring[(head + count) % LOOKAHEAD];

			if ((rd = ops->next(in, m)) != PL_OK)
				break;
			run_prefetch(ctx, m);
			count++;
		}
		if (count == 0)
			break;
		st = run_message(ctx, &ring[head], &res, code);
		if (st == PL_ETEMP)	/* a busy store: try once more */
			st = run_message(ctx, &ring[head], &res, code);
		if (st == PL_OK && ack)
			ops->ack(in, &ring[head]);
		if (st != PL_OK)
			log_warnx("stage=run result=retry source=\"%s\"",
			    ring[head].source);
		raw_msg_clear(&ring[head]);
		head = (head + 1) % LOOKAHEAD;
		count--;
		if (bar && total > 1)
			progress(++done, total);
		if (st == PL_ECONF)
			break;
	}
	while (count > 0) {
		raw_msg_clear(&ring[head]);
		head = (head + 1) % LOOKAHEAD;
		count--;
	}
	ops->close(in);
	if (st == PL_ECONF || (rd != PL_OK && rd != PL_DONE))
		return st == PL_ECONF ? st : rd == PL_ECONF ? PL_ECONF : PL_OK;
	return PL_OK;
}

static int
cmd_process(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = { { "ack", no_argument, NULL, 'a' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct run_ctx ctx;
	struct store *st;
	enum pl_status rv = PL_OK;
	int ch, help = 0, i;
	bool ack = false;

	while ((ch = sub_getopt(argc, argv, "ah", lo, cmd_find("process"),
	    &help)) != -1 && !help)
		ack = ch == 'a' ? true : ack;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind >= argc) {
		usage_of(cmd_find("process"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, true, 0, &st)) != PL_OK)
		return store_exit(rv);
	memset(&ctx, 0, sizeof ctx);
	ctx.st = st;
	ctx.cf = cf;
	ctx.ocr = cf->ocr ? ocr_new(cf->ocr_workers) : NULL;
	for (i = optind; i < argc && rv != PL_ECONF; i++)
		rv = process_path(&ctx, NULL, argv[i], ack,
		    isatty(STDERR_FILENO));
	ocr_free(ctx.ocr);
	flush_outbox(st, cf, false);
	fprintf(stderr, "processed: %zu new, %zu follow-up, %zu duplicate, "
	    "%zu ignored, %zu quarantined\n", ctx.count[RUN_NEW],
	    ctx.count[RUN_FOLLOWUP], ctx.count[RUN_DUPLICATE],
	    ctx.count[RUN_IGNORED], ctx.count[RUN_QUARANTINED]);
	store_close(st);
	return rv == PL_OK ? EX_OK : store_exit(rv);
}

static int
cmd_deliver(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = { { "help", no_argument, NULL, 'h' },
	    { NULL, 0, NULL, 0 } };
	struct run_ctx ctx;
	struct store *st;
	struct ingest *in = NULL;
	struct raw_msg m;
	enum run_result res = RUN_QUARANTINED;
	enum pl_status rv;
	char code[24];
	int help = 0;
	bool too_big;

	while (sub_getopt(argc, argv, "h", lo, cmd_find("deliver"), &help) !=
	    -1 && !help)
		;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if ((rv = open_store(cf, true, cf->lock_wait_s, &st)) != PL_OK)
		return store_exit(rv);
	ingest_file_ops.open(&in, "-");
	if ((rv = ingest_file_ops.next(in, &m)) != PL_OK) {
		ingest_file_ops.close(in);
		store_close(st);
		return EX_TEMPFAIL;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.st = st;
	ctx.cf = cf;
	ctx.ocr = cf->ocr ? ocr_new(1) : NULL;	/* one message: one worker */
	rv = run_message(&ctx, &m, &res, code);
	ocr_free(ctx.ocr);
	if (rv == PL_OK)
		flush_outbox(st, cf, true);
	too_big = m.too_big;
	if (rv == PL_OK && too_big)
		fprintf(stderr, "sertel: message larger than %u bytes refused\n",
		    PL_MAX_MSG);
	raw_msg_clear(&m);
	ingest_file_ops.close(in);
	store_close(st);
	if (rv != PL_OK)
		return rv == PL_ECONF ? EX_CONFIG : EX_TEMPFAIL;
	return too_big ? EX_DATAERR : EX_OK;
}

static int
cmd_list(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "status", required_argument, NULL, 's' },
	    { "quarantine", no_argument, NULL, 'q' },
	    { "all", no_argument, NULL, 'a' },
	    { "outbox", no_argument, NULL, 'o' },
	    { "json", no_argument, NULL, 'j' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *status = NULL;
	bool json = false, quar = false, all = false, outbox = false;
	struct store *st;
	enum pl_status rv;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "s:qaojh", lo, cmd_find("list"),
	    &help)) != -1 && !help) {
		if (ch == 'o')
			outbox = true;
		else if (ch == 's')
			status = optarg;
		else if (ch == 'q')
			quar = true;
		else if (ch == 'a')
			all = quar = true;
		else if (ch == 'j')
			json = true;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	rv = outbox ? report_outbox(st, json, stdout) : quar ?
	    report_held(st, all, json, stdout) :
	    report_list(st, status, json, stdout);
	if (rv == PL_OK && !json && !outbox && !quar &&
	    store_out_count(st, "failed") > 0)
		printf("%d outgoing mail(s) failed for good: sertel list "
		    "--outbox\n", store_out_count(st, "failed"));
	store_close(st);
	return rv == PL_OK ? EX_OK : store_exit(rv);
}

static int
cmd_show(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = { { "json", no_argument, NULL, 'j' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct store *st;
	enum pl_status rv;
	bool json = false;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "jh", lo, cmd_find("show"),
	    &help)) != -1 && !help)
		json = ch == 'j' ? true : json;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1) {
		usage_of(cmd_find("show"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	rv = report_show(st, cf, argv[optind], json, stdout);
	store_close(st);
	if (rv == PL_EINPUT) {
		fprintf(stderr, "sertel: no request %s\n", argv[optind]);
		return EX_DATAERR;
	}
	return rv == PL_OK ? EX_OK : store_exit(rv);
}

static int
cmd_flush(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = { { "help", no_argument, NULL, 'h' },
	    { NULL, 0, NULL, 0 } };
	struct store *st;
	enum pl_status rv;
	int help = 0;

	while (sub_getopt(argc, argv, "h", lo, cmd_find("flush"), &help) !=
	    -1 && !help)
		;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if ((rv = open_store(cf, true, cf->lock_wait_s, &st)) != PL_OK)
		return store_exit(rv);
	flush_outbox(st, cf, false);
	store_close(st);
	return EX_OK;
}

/* The checks `sertel ktp` prints: the card itself and its NIK. */
static json_object *
ktp_checks(const struct ktp_result *r)
{
	json_object *arr = json_object_new_array(), *o;
	struct id_check c[ID_MAX_CHECKS];
	struct identity_in in;
	struct tm tm;
	time_t now = pl_now();
	size_t n, i;

	gmtime_r(&now, &tm);
	memset(&in, 0, sizeof in);
	in.ktp_nik = r->f.v[KTP_NIK];
	in.ktp_lahir = r->f.v[KTP_TANGGAL];
	in.ktp_sex = r->f.v[KTP_JK];
	in.ktp_region = r->f.city[0] ? r->f.city : NULL;
	in.now_year = tm.tm_year + 1900;
	c[0].name = "is_ktp";
	c[0].verdict = r->is_ktp ? ID_OK : ID_MISMATCH;
	c[0].detail = xasprintf("%d label KTP terbaca", r->f.labels);
	c[1].name = "colour";
	c[1].verdict = r->colour ? ID_OK : ID_MISMATCH;
	c[1].detail = xstrdup(r->colour ? "scan berwarna" :
	    "scan tidak berwarna (hitam putih atau fotokopi)");
	c[2].name = "resolution";
	c[2].verdict = r->card_width >= 600 ? ID_OK : ID_MISMATCH;
	c[2].detail = xasprintf("lebar kartu %d piksel (minimal 600)",
	    r->card_width);
	n = 3 + identity_checks(&in, c + 3);
	for (i = 0; i < n; i++) {
		if (strcmp(c[i].name, "nip_valid") == 0)
			continue;	/* a card has no NIP */
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string(c[i].name));
		json_object_object_add(o, "ok",
		    json_object_new_boolean(c[i].verdict == ID_OK));
		json_object_object_add(o, "detail",
		    json_object_new_string(c[i].detail));
		json_object_array_add(arr, o);
	}
	identity_checks_free(c, n);
	return arr;
}

static void
ktp_print(const struct ktp_result *r, bool json)
{
	json_object *o, *checks = ktp_checks(r), *c;
	char *s = ktp_result_json(r, false);
	size_t i;
	int k;

	o = json_tokener_parse(s);
	free(s);
	json_object_object_add(o, "checks", checks);
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		return;
	}
	printf("KTP: %s, %s\n", r->is_ktp ? "yes" : "no",
	    r->colour ? "colour" : "NOT colour");
	for (k = 0; k < KTP_NFIELDS; k++)
		printf("  %-18s %-40s %.2f\n", ktp_field_names[k],
		    r->f.v[k] ? r->f.v[k] : "-", r->f.conf[k]);
	for (i = 0; i < json_object_array_length(checks); i++) {
		c = json_object_array_get_idx(checks, i);
		printf("  check %-18s %-4s %s\n", json_object_get_string(
		    json_object_object_get(c, "name")),
		    json_object_get_boolean(json_object_object_get(c, "ok")) ?
		    "ok" : "FAIL", json_object_get_string(
		    json_object_object_get(c, "detail")));
	}
	json_object_put(o);
}

/* One file: its reading printed; the exit status it calls for. */
static int
ktp_one(struct ocr *o, const char *path, bool json, bool lines)
{
	struct ktp_result r;
	const char *why = "";
	char *data, *s;
	size_t len;
	enum pl_status st;

	if (file_read(path, PL_MAX_MSG, &data, &len) == -1) {
		fprintf(stderr, "sertel: %s: %s\n", path, strerror(errno));
		return EX_NOINPUT;
	}
	st = ocr_ktp(o, (unsigned char *)data, len, &r, &why);
	free(data);
	if (st != PL_OK) {
		fprintf(stderr, "sertel: %s: %s\n", path, why);
		if (lines)
			printf("{\"file\": \"%s\", \"error\": \"%s\"}\n", path,
			    why);
		return st == PL_ETEMP ? EX_TEMPFAIL : EX_DATAERR;
	}
	if (lines) {
		/* One compact JSON object a line, named by its file. */
		s = ktp_result_json(&r, false);
		printf("{\"file\": \"%s\", %s\n", path, s + 1);
		free(s);
	} else
		ktp_print(&r, json);
	ktp_result_free(&r);
	return EX_OK;
}

/* Start the workers on the next file while this one is read. */
static void
ktp_ahead(struct ocr *o, int argc, char **argv, int i)
{
	char *data;
	size_t len;

	if (i >= argc || file_read(argv[i], PL_MAX_MSG, &data, &len) == -1)
		return;
	ocr_prefetch(o, (unsigned char *)data, len, true);
	free(data);
}

static int
cmd_ktp(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = { { "json", no_argument, NULL, 'j' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct ocr *o;
	bool json = false;
	int ch, help = 0, rv = EX_OK, r, i, k;

	while ((ch = sub_getopt(argc, argv, "jh", lo, cmd_find("ktp"),
	    &help)) != -1 && !help)
		json = ch == 'j' ? true : json;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind >= argc) {
		usage_of(cmd_find("ktp"), stderr);
		return EX_USAGE;
	}
	o = ocr_new(cf->ocr_workers);
	for (i = optind; i < argc; i++) {
		for (k = 1; k < cf->ocr_workers && i == optind; k++)
			ktp_ahead(o, argc, argv, i + k);
		if (i > optind)
			ktp_ahead(o, argc, argv, i + cf->ocr_workers - 1);
		r = ktp_one(o, argv[i], json, json && argc - optind > 1);
		if (r != EX_OK)
			rv = r;
	}
	ocr_free(o);
	return rv;
}

static const struct cmd cmds[] = {
	{ "process", cmd_process, "[--ack] PATH...",
	  "Process messages from .eml files, Maildir folders and mbox files.\n"
	  "The same message twice is processed once. Replies are queued and\n"
	  "delivered to the outbox.\n\n"
	  "  --ack   move processed Maildir messages from new/ to cur/\n" },
	{ "deliver", cmd_deliver, "",
	  "Read one message on standard input, as a mail delivery agent.\n"
	  "Exit 0 only once it is committed; 75 (EX_TEMPFAIL) when the MTA\n"
	  "should retry; 65 (EX_DATAERR) for a message over the size limit.\n" },
	{ "list", cmd_list, "[--status S] [--quarantine] [--all] [--outbox] "
	  "[--json]",
	  "List requests, or with --quarantine the messages held back with\n"
	  "their reasons (--all adds the automatic mail that was ignored), or\n"
	  "with --outbox the outgoing mail refused for good (5xx) or waiting\n"
	  "for a retry, with the server's answer.\n" },
	{ "show", cmd_show, "[--json] ID",
	  "Show one request (e.g. SE-2026-000001): applicant, documents,\n"
	  "what is missing, checks and the history of its status.\n" },
	{ "ktp", cmd_ktp, "[--json] FILE...",
	  "Read KTP images (JPEG, PNG, TIFF or a scanned PDF) and print their\n"
	  "fields with confidences and the checks on the card. With --json\n"
	  "and several files: one JSON object a line, with \"file\".\n" },
	{ "flush", cmd_flush, "",
	  "Deliver the queued outgoing mail now.\n" },
	{ "letter", cmd_letter, "[-o FILE] ID | --batch [--draft] [-o FILE] "
	  "[ID...]",
	  "Write the letter to Kepala BSSN for request ID: the signed final\n"
	  "letter once approved, else a draft rendered now (\"Nomor: (draf)\").\n"
	  "With --batch, one numbered and signed letter for several approved\n"
	  "requests (default: every approved request not yet in a batch); with\n"
	  "--draft it is rendered unnumbered. -o - writes to standard output.\n\n"
	  "  -o, --output FILE   where to write (default surat-ID.pdf)\n"
	  "  --actor NAME        who asks for a batch (default cli:LOGIN)\n" },
	{ "approve", cmd_approve, "[--actor NAME] ID",
	  "Approve request ID as the verifier: its letter is numbered, signed\n"
	  "and registered, the request becomes approved and the applicant is\n"
	  "told the next steps in AMS.\n" },
	{ "reject", cmd_reject, "--reason TEXT [--actor NAME] ID",
	  "Reject request ID as the verifier; the applicant gets the reason.\n" },
	{ "disposition", cmd_disposition, "[-o FILE] ID",
	  "Write the lembar disposisi of request ID: the routing the SOP\n"
	  "prescribes (head of office, head of division, head of section,\n"
	  "verifier) with the dates sertel recorded, as an A4 PDF.\n\n"
	  "  -o, --output FILE   where to write (default disposisi-ID.pdf)\n" },
	{ "cert", cmd_cert, "import FILE... | list [--json]",
	  "Keep the office's issued certificates for the expiry reminders:\n"
	  "import reads PEM, DER or PKCS#7 bundles (CA certificates are\n"
	  "skipped; the holder's e-mail comes from the certificate), list\n"
	  "shows each holder, serial, expiry and days left. Reminders go out\n"
	  "30, 14 and 7 days before expiry and on the day (sertel run).\n" },
	{ "complaint", cmd_complaint, "list [--all] | show CODE | close CODE "
	  "--note TEXT",
	  "Complaints (pengaduan) that came by mail: list the open ones (all\n"
	  "with --all), show one, or close one with what was done. Open\n"
	  "complaints go up to the head of office after [complaints]\n"
	  "escalate_days working days.\n" },
	{ "report", cmd_report, "--quarter YYYYQn [-o PDF] [--json FILE] "
	  "[--csv FILE]",
	  "The quarterly performance report the SOP asks for: requests per\n"
	  "week by type, statuses, median and p90 working hours to a decision,\n"
	  "SLA compliance, why requests were incomplete, complaints; as a PDF\n"
	  "with charts (default laporan.pdf), and as JSON or CSV (- for\n"
	  "standard output).\n" },
	{ "parse", cmd_parse, "FILE...",
	  "Print what sertel sees in each message file, as JSON a line: the\n"
	  "sender, subject, Message-ID and every document part (name, type,\n"
	  "size, SHA-256). Nothing is stored.\n" },
	{ "purge", cmd_purge, "--older-than DAYS [--dry-run] [--actor NAME]",
	  "Retention (UU 27/2022): for every closed request (issued or\n"
	  "rejected) last changed more than DAYS days ago, shred what it holds\n"
	  "of the person: the keys of its raw mail, documents and sent mail\n"
	  "are deleted first (no copy, not even a backup of the files, opens\n"
	  "again), then the files; the KTP readings and the NIK, NIP and phone\n"
	  "fields go too. The history of the request (its events) stays, with\n"
	  "a line saying who purged it and why. Files left without a key by a\n"
	  "crash are removed.\n\n"
	  "  --dry-run      list what would be purged, change nothing\n"
	  "  --actor NAME   who purges (default cli:LOGIN)\n" },
	{ "export", cmd_export, "[-o FILE] ID",
	  "Give a person their data: a zip (mode 0600) with everything sertel\n"
	  "holds on request ID: data.json (the request, form fields, checks,\n"
	  "KTP reading, history), their mails as .eml, the mails sertel sent\n"
	  "about it, and their documents, each opened only after its\n"
	  "authentication tag verified.\n\n"
	  "  -o, --output FILE   where to write (default data-ID.zip; - for\n"
	  "                      standard output)\n" },
	{ "run", cmd_run, "[--once] [--syslog]",
	  "The daemon: take new mail from IMAP (IDLE) or, without [imap] host,\n"
	  "from the Maildir [paths] inbox (polled); process it; deliver the\n"
	  "outbox (SMTP, or the outbox Maildir); wait; again. SIGTERM stops\n"
	  "after the message at hand, SIGHUP reloads the configuration.\n"
	  "Log lines (key=value) go to stderr, or to syslog with --syslog.\n\n"
	  "  --once   one pass, then exit\n" },
	{ "verify-letter", cmd_verify_letter, "[--ca FILE] [--no-register] FILE",
	  "Check a signed letter: the PDF signature covers the whole file and\n"
	  "verifies (with --ca, that its certificate chains to FILE), the QR\n"
	  "code near the end names the number printed in the letter, and\n"
	  "the register holds that number with the same content. Exit 0 only\n"
	  "when all hold.\n" },
};

const struct cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: sertel [--config FILE] [-v] COMMAND [ARGS]\n\n"
	    "sertel processes the e-mail intake of electronic-certificate "
	    "requests.\n\ncommands:\n");
	for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
		fprintf(out, "  %-13s %s\n", cmds[i].name, cmds[i].usage);
	fprintf(out, "\n  --config FILE  INI configuration (default: built-in"
	    ", paths under var/)\n  -v             more log output (repeat)\n"
	    "  --version      print the version\n\n"
	    "Run 'sertel COMMAND --help' for a command's options.\n");
}

static const char *config_path;

const char *
cli_config_path(void)
{
	return config_path;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
	    { "config", required_argument, NULL, 'c' },
	    { "verbose", no_argument, NULL, 'v' },
	    { "version", no_argument, NULL, 'V' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const struct cmd *c;
	const char *config = NULL, *why = "";
	struct conf cf;
	int ch, line, rv;

	/*
	 * OpenMP makes Tesseract ~9x slower on two cores, and libgomp reads
	 * OMP_THREAD_LIMIT only at load: set it and start again.
	 */
	if (getenv("OMP_THREAD_LIMIT") == NULL &&
	    setenv("OMP_THREAD_LIMIT", "1", 1) == 0)
		execv("/proc/self/exe", argv);
	signal(SIGPIPE, SIG_IGN);
	log_init("sertel", 0);
	while ((ch = getopt_long(argc, argv, "+c:vVh", lo, NULL)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 'v': log_verbose++; break;
		case 'V': printf("sertel %s\n", SERTEL_VERSION); return EX_OK;
		case 'h': usage(stdout); return EX_OK;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind >= argc || (c = cmd_find(argv[optind])) == NULL) {
		if (optind < argc)
			fprintf(stderr, "sertel: unknown command '%s'\n",
			    argv[optind]);
		usage(stderr);
		return EX_USAGE;
	}
	if (conf_load(&cf, config, &why, &line) != PL_OK) {
		fprintf(stderr, "sertel: %s: %s (line %d)\n", config, why, line);
		conf_free(&cf);
		return EX_CONFIG;
	}
	config_path = config;
	xmlInitParser();
	argc -= optind;
	argv += optind;
	optind = 0;	/* GNU getopt: reinitialise for the subcommand */
	rv = c->fn(&cf, argc, argv);
	conf_free(&cf);
	xmlCleanupParser();
	return rv;
}
