/*
 * cmd_office: the office's own commands: `sertel complaint`, `sertel
 * report --quarter` and `sertel parse`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <json-c/json.h>

#include "calendar.h"
#include "cli.h"
#include "mime.h"
#include "quarter.h"
#include "util.h"
#include "xmem.h"

/* `sertel complaint list [--all] | show CODE | close CODE --note TEXT`. */
int
cmd_complaint(struct conf *cf, int argc, char **argv)
{
	struct store *st;
	struct store_complaint *c = NULL, one;
	enum pl_status rv;
	const char *verb = argc > 1 ? argv[1] : "";
	char when[96];
	size_t n = 0, i;
	int k, ex = EX_OK;
	bool all = false;

	if (argc > 1 && (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") ==
	    0)) {
		usage_of(cmd_find("complaint"), stdout);
		return EX_OK;
	}
	if (strcmp(verb, "list") != 0 && (argc < 3 || (strcmp(verb, "show") !=
	    0 && strcmp(verb, "close") != 0))) {
		usage_of(cmd_find("complaint"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, strcmp(verb, "close") == 0, cf->lock_wait_s,
	    &st)) != PL_OK)
		return store_exit(rv);
	if (strcmp(verb, "list") == 0) {
		for (k = 2; k < argc; k++)
			all |= strcmp(argv[k], "--all") == 0;
		if ((rv = store_complaint_list(st, !all, &c, &n)) == PL_OK) {
			for (i = 0; i < n; i++) {
				calendar_format_date(c[i].opened_at, when,
				    sizeof when);
				printf("%-14s %-6s %-18s %-32.32s %s\n", c[i].code,
				    c[i].status, when, c[i].from_email,
				    c[i].subject ? c[i].subject : "-");
			}
			printf("%zu complaint%s\n", n, n == 1 ? "" : "s");
			store_complaint_free(c, n);
		}
	} else if (!store_complaint_get(st, argv[2], &one)) {
		fprintf(stderr, "sertel: no complaint %s\n", argv[2]);
		ex = EX_DATAERR;
	} else if (strcmp(verb, "show") == 0) {
		calendar_format_long(one.opened_at, when, sizeof when);
		printf("%s  %s\nfrom:     %s\nsubject:  %s\nopened:   %s\n",
		    one.code, one.status, one.from_email, one.subject ?
		    one.subject : "-", when);
		if (one.escalated_at) {
			calendar_format_long(one.escalated_at, when,
			    sizeof when);
			printf("escalated: %s\n", when);
		}
		if (one.closed_at) {
			calendar_format_long(one.closed_at, when, sizeof when);
			printf("closed:   %s\nnote:     %s\n", when, one.note ?
			    one.note : "-");
		}
		printf("\n%s\n", one.body ? one.body : "");
		store_complaint_clear(&one);
	} else {
		const char *note = NULL;

		for (k = 3; k + 1 < argc; k++)
			if (strcmp(argv[k], "--note") == 0)
				note = argv[k + 1];
		if (note == NULL) {
			fprintf(stderr, "sertel: complaint close needs --note "
			    "TEXT (what was done)\n");
			ex = EX_USAGE;
		} else if (strcmp(one.status, "closed") == 0) {
			fprintf(stderr, "sertel: %s is closed already\n",
			    one.code);
			ex = EX_DATAERR;
		} else if ((rv = store_begin(st)) != PL_OK ||
		    (rv = store_complaint_set(st, one.id, "closed", note, 0,
		    pl_now())) != PL_OK || (rv = store_commit(st)) != PL_OK) {
			store_rollback(st);
			ex = store_exit(rv);
		} else
			printf("%s\tclosed\n", one.code);
		store_complaint_clear(&one);
	}
	store_close(st);
	return rv != PL_OK ? store_exit(rv) : ex;
}

/* `sertel report --quarter 2026Q4 [-o PDF] [--json FILE] [--csv FILE]`. */
int
cmd_report(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "quarter", required_argument, NULL, 'q' },
	    { "output", required_argument, NULL, 'o' },
	    { "json", required_argument, NULL, 'j' },
	    { "csv", required_argument, NULL, 'c' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *qs = NULL, *out = NULL, *json = NULL, *csv = NULL;
	struct quarter r;
	struct store *st;
	enum pl_status rv;
	char why[256], *pdf = NULL, *js;
	size_t len;
	int ch, help = 0, year, q, ex = EX_OK;
	FILE *f;

	while ((ch = sub_getopt(argc, argv, "q:o:j:c:h", lo,
	    cmd_find("report"), &help)) != -1 && !help) {
		if (ch == 'q')
			qs = optarg;
		else if (ch == 'o')
			out = optarg;
		else if (ch == 'j')
			json = optarg;
		else if (ch == 'c')
			csv = optarg;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (qs == NULL || quarter_parse(qs, &year, &q) == -1) {
		fprintf(stderr, "sertel: --quarter YYYYQn (e.g. 2026Q4)\n");
		return EX_USAGE;
	}
	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	rv = quarter_compute(cf, st, year, q, pl_now(), &r);
	store_close(st);
	if (rv != PL_OK)
		return store_exit(rv);
	js = quarter_json(&r);
	if (json) {
		if ((f = strcmp(json, "-") == 0 ? stdout : fopen(json, "w")) ==
		    NULL) {
			fprintf(stderr, "sertel: %s: %s\n", json,
			    strerror(errno));
			free(js);
			return EX_CANTCREAT;
		}
		fprintf(f, "%s\n", js);
		if (f != stdout)
			fclose(f);
	}
	free(js);
	if (csv) {
		if ((f = strcmp(csv, "-") == 0 ? stdout : fopen(csv, "w")) ==
		    NULL) {
			fprintf(stderr, "sertel: %s: %s\n", csv,
			    strerror(errno));
			return EX_CANTCREAT;
		}
		quarter_csv(&r, f);
		if (f != stdout)
			fclose(f);
	}
	if (out || (!json && !csv)) {
		const char *name = out ? out : "laporan.pdf";

		if ((rv = quarter_pdf(cf, &r, &pdf, &len, why, sizeof why)) !=
		    PL_OK) {
			fprintf(stderr, "sertel: %s\n", why);
			return store_exit(rv);
		}
		if ((f = fopen(name, "wb")) == NULL || fwrite(pdf, 1, len, f) !=
		    len || fclose(f) != 0) {
			fprintf(stderr, "sertel: %s: %s\n", name,
			    strerror(errno));
			ex = EX_CANTCREAT;
		} else
			printf("%s\n", name);
		free(pdf);
	}
	return ex;
}

/*
 * `sertel parse FILE...`: what sertel sees in a message, as JSON a line:
 * sender, subject, Message-ID, and each document part (name, declared
 * type, size, SHA-256). For an operator looking at one mail, and for the
 * test that checks sertel's MIME reading against Python's email package.
 */
int
cmd_parse(struct conf *cf, int argc, char **argv)
{
	struct pl_msg *m;
	json_object *o, *a, *e;
	const char *why;
	char *data, sha[65];
	size_t len, i;
	int k, ex = EX_OK;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage_of(cmd_find("parse"), argc < 2 ? stderr : stdout);
		return argc < 2 ? EX_USAGE : EX_OK;
	}
	for (k = 1; k < argc; k++) {
		if (file_read(argv[k], PL_MAX_MSG, &data, &len) == -1) {
			fprintf(stderr, "sertel: %s: %s\n", argv[k],
			    strerror(errno));
			ex = EX_NOINPUT;
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "file", json_object_new_string(argv[k]));
		if (mime_parse(data, len, &m, &why) != PL_OK) {
			json_object_object_add(o, "error",
			    json_object_new_string(why));
			ex = EX_DATAERR;
		} else {
			json_object_object_add(o, "from", m->from_email ?
			    json_object_new_string(m->from_email) : NULL);
			json_object_object_add(o, "subject",
			    json_object_new_string(m->subject));
			json_object_object_add(o, "message_id", m->message_id ?
			    json_object_new_string(m->message_id) : NULL);
			a = json_object_new_array();
			for (i = 0; i < m->nparts; i++) {
				e = json_object_new_object();
				json_object_object_add(e, "filename",
				    m->parts[i].filename ? json_object_new_string(
				    m->parts[i].filename) : NULL);
				json_object_object_add(e, "content_type",
				    json_object_new_string(
				    m->parts[i].declared_type));
				json_object_object_add(e, "size",
				    json_object_new_int64((int64_t)
				    m->parts[i].len));
				sha256_hex(m->parts[i].data, m->parts[i].len, sha);
				json_object_object_add(e, "sha256",
				    json_object_new_string(sha));
				json_object_object_add(e, "inner",
				    json_object_new_boolean(m->parts[i].inner));
				json_object_array_add(a, e);
			}
			json_object_object_add(o, "parts", a);
			mime_free(m);
		}
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		free(data);
	}
	return ex;
}
