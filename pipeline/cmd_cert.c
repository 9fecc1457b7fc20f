/* cmd_cert: `sertel cert import FILE...` and `sertel cert list`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <json-c/json.h>

#include "calendar.h"
#include "cert.h"
#include "cli.h"
#include "util.h"
#include "xmem.h"

#define CERT_FILE_MAX	(4u << 20)

/* Import the end-entity certificates of one file; -1 when none. */
static int
import_one(struct store *st, const char *path, time_t now, int *added)
{
	struct cert_info c[CERT_MAX];
	char *p, *src;
	size_t n, len, i;
	int kept = 0;

	if (file_read(path, CERT_FILE_MAX, &p, &len) == -1) {
		fprintf(stderr, "sertel: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = cert_parse(p, len, c, CERT_MAX);
	free(p);
	src = xasprintf("import:%s", path);
	for (i = 0; i < n; i++) {
		if (c[i].is_ca)
			continue;
		if (store_cert_add(st, 0, &c[i], src, now) != PL_OK) {
			free(src);
			return -1;
		}
		if (c[i].email[0] == '\0')
			fprintf(stderr, "sertel: %s: %s has no e-mail address:"
			    " no reminders can be sent\n", path, c[i].subject);
		kept++;
	}
	free(src);
	if (kept == 0) {
		fprintf(stderr, "sertel: %s: no certificate (PEM, DER or "
		    "PKCS#7) of a holder\n", path);
		return -1;
	}
	*added += kept;
	return 0;
}

static int
cert_import(struct conf *cf, int argc, char **argv)
{
	struct store *st;
	enum pl_status rv;
	int i, added = 0, bad = 0;

	if (argc < 1) {
		usage_of(cmd_find("cert"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, true, cf->lock_wait_s, &st)) != PL_OK)
		return store_exit(rv);
	if ((rv = store_begin(st)) != PL_OK) {
		store_close(st);
		return store_exit(rv);
	}
	for (i = 0; i < argc; i++)
		bad += import_one(st, argv[i], pl_now(), &added) == -1;
	rv = store_commit(st);
	store_close(st);
	printf("%d certificate%s kept\n", added, added == 1 ? "" : "s");
	return rv != PL_OK ? store_exit(rv) : bad ? EX_DATAERR : EX_OK;
}

static int
cert_list(struct conf *cf, bool json)
{
	struct store *st;
	struct store_cert *c;
	json_object *arr, *o;
	enum pl_status rv;
	char until[48], iso[32];
	size_t n, i;
	time_t now = pl_now();

	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	if ((rv = store_cert_list(st, &c, &n)) != PL_OK) {
		store_close(st);
		return store_exit(rv);
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		long days = (long)((c[i].not_after - now) / 86400);

		calendar_format_date(c[i].not_after, until, sizeof until);
		if (!json) {
			printf("%-36.36s %-20.20s %-18s %5ld  %s\n",
			    c[i].email ? c[i].email : "-", c[i].serial, until,
			    days, *c[i].code ? c[i].code : "imported");
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "subject",
		    json_object_new_string(c[i].subject));
		json_object_object_add(o, "email", c[i].email ?
		    json_object_new_string(c[i].email) : NULL);
		json_object_object_add(o, "serial",
		    json_object_new_string(c[i].serial));
		time_iso(c[i].not_before, iso);
		json_object_object_add(o, "not_before",
		    json_object_new_string(iso));
		time_iso(c[i].not_after, iso);
		json_object_object_add(o, "not_after",
		    json_object_new_string(iso));
		json_object_object_add(o, "days_left",
		    json_object_new_int64(days));
		json_object_object_add(o, "request", *c[i].code ?
		    json_object_new_string(c[i].code) : NULL);
		json_object_array_add(arr, o);
	}
	if (json)
		printf("%s\n", json_object_to_json_string_ext(arr,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		printf("%zu certificate%s\n", n, n == 1 ? "" : "s");
	json_object_put(arr);
	store_cert_free(c, n);
	store_close(st);
	return EX_OK;
}

int
cmd_cert(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "json", no_argument, NULL, 'j' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	bool json = false;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "+jh", lo, cmd_find("cert"),
	    &help)) != -1 && !help)
		json = ch == 'j' ? true : json;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind < argc && strcmp(argv[optind], "import") == 0)
		return cert_import(cf, argc - optind - 1, argv + optind + 1);
	if (optind < argc && strcmp(argv[optind], "list") == 0) {
		for (ch = optind + 1; ch < argc; ch++)
			json |= strcmp(argv[ch], "--json") == 0;
		return cert_list(cf, json);
	}
	usage_of(cmd_find("cert"), stderr);
	return EX_USAGE;
}
