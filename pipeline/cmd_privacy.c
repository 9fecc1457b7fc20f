/*
 * cmd_privacy: what the personal-data law (UU 27/2022) asks of the store:
 * `sertel purge --older-than DAYS` deletes the documents of closed
 * requests (crypto-shredding: their keys go first) and keeps the history;
 * `sertel export ID` gives a person everything sertel holds about their
 * request, as a zip.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>

#include "cli.h"
#include "log.h"
#include "report.h"
#include "util.h"
#include "vault.h"
#include "xmem.h"

#define RETENTION_MAX_DAYS	36500

/* Unlink dir/name when name is one of ours (a file id). */
static bool
unlink_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int n;

	if (!vault_id_ok(name))
		return false;
	n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		return false;
	if (unlink(path) == -1) {
		if (errno != ENOENT)
			log_warn("stage=purge result=error what=unlink");
		return false;
	}
	return true;
}

/*
 * Files in the documents directory without a key: left by a crash between
 * writing a file and committing it, or by a purge cut short. Their keys
 * never were (or are no longer) in the store, so they are noise. Only
 * called with the store lock held: no writer is between the two steps.
 */
static size_t
sweep_orphans(struct store *st, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (vault_id_ok(e->d_name) && !store_seal_known(st, e->d_name) &&
		    unlink_file(dir, e->d_name))
			n++;
	closedir(d);
	return n;
}

/* Shred one request: keys and copies in one transaction, then files. */
static enum pl_status
purge_one(struct store *st, const struct conf *cf, int64_t id,
    const char *actor, const char *reason, size_t *nfiles)
{
	struct store_letter draft;
	char **files = NULL, *draft_path = NULL;
	size_t n = 0, i;
	enum pl_status rv;

	*nfiles = 0;
	/* The draft letter names the person; a numbered one is the office's
	 * record and stays. */
	if (store_letter_find(st, NULL, id, false, &draft)) {
		draft_path = xstrdup(draft.path);
		store_letter_clear(&draft);
	}
	if ((rv = store_begin(st)) != PL_OK) {
		free(draft_path);
		return rv;
	}
	rv = store_req_purge(st, id, actor, reason, pl_now(), &files, &n);
	if (rv == PL_OK)
		rv = store_commit(st);
	else
		store_rollback(st);
	for (i = 0; i < n; i++) {
		if (rv == PL_OK && unlink_file(cf->docs_dir, files[i]))
			(*nfiles)++;
		free(files[i]);
	}
	free(files);
	if (rv == PL_OK && draft_path && unlink(draft_path) == 0)
		(*nfiles)++;
	free(draft_path);
	return rv;
}

/* `sertel purge --older-than DAYS [--dry-run] [--actor NAME]`. */
int
cmd_purge(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "older-than", required_argument, NULL, 'o' },
	    { "dry-run", no_argument, NULL, 'n' },
	    { "actor", required_argument, NULL, 'a' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *days_arg = NULL, *actor_arg = NULL;
	struct store *st;
	struct pl_request r;
	enum pl_status rv = PL_OK;
	int64_t *ids = NULL;
	uint64_t days = 0;
	size_t n = 0, i, files, total = 0, done = 0, orphans = 0;
	char *actor, *reason;
	bool dry = false;
	int ch, help = 0;

	while ((ch = sub_getopt(argc, argv, "o:na:h", lo, cmd_find("purge"),
	    &help)) != -1 && !help) {
		if (ch == 'o')
			days_arg = optarg;
		else if (ch == 'n')
			dry = true;
		else if (ch == 'a')
			actor_arg = optarg;
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (days_arg == NULL || optind != argc || parse_uint(days_arg,
	    RETENTION_MAX_DAYS, &days) == -1) {
		fprintf(stderr, "sertel: purge needs --older-than DAYS (0 to "
		    "%d)\n", RETENTION_MAX_DAYS);
		usage_of(cmd_find("purge"), stderr);
		return EX_USAGE;
	}
	if ((rv = open_store(cf, true, cf->lock_wait_s, &st)) != PL_OK)
		return store_exit(rv);
	rv = store_purge_due(st, pl_now() - (time_t)days * 86400, &ids, &n);
	actor = cli_actor(actor_arg);
	reason = xasprintf("dokumen dan data pribadi dihapus: masa retensi "
	    "%llu hari (UU 27/2022)", (unsigned long long)days);
	for (i = 0; rv == PL_OK && i < n; i++) {
		if (store_req_load(st, ids[i], &r) != PL_OK)
			continue;
		if (dry)
			printf("%s %-8s would be purged (%zu document%s)\n",
			    r.code, r.status, r.ndocs, r.ndocs == 1 ? "" : "s");
		else if ((rv = purge_one(st, cf, ids[i], actor, reason,
		    &files)) == PL_OK) {
			printf("%s %-8s purged: %zu file%s shredded\n",
			    r.code, r.status, files, files == 1 ? "" : "s");
			total += files;
			done++;
		}
		pl_request_clear(&r);
	}
	if (rv == PL_OK && !dry) {
		orphans = sweep_orphans(st, cf->docs_dir);
		rv = store_checkpoint(st);
	}
	free(ids);
	free(actor);
	free(reason);
	store_close(st);
	if (dry)
		printf("purge (dry run): %zu request%s closed more than %llu "
		    "days ago\n", n, n == 1 ? "" : "s",
		    (unsigned long long)days);
	else
		printf("purged: %zu request%s, %zu file%s shredded, %zu file%s "
		    "without a key removed\n", done, done == 1 ? "" : "s", total,
		    total == 1 ? "" : "s", orphans, orphans == 1 ? "" : "s");
	return rv == PL_OK ? EX_OK : store_exit(rv);
}

/* ----------------------------------------------------------------- export */

/* name made safe as one path component of a zip: [A-Za-z0-9._-], 80. */
static void
safe_name(const char *name, char *out, size_t size)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; name[i] != '\0' && o + 1 < size && o < 80; i++) {
		c = (unsigned char)name[i];
		out[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ? (char)c :
		    '_';
	}
	out[o] = '\0';
	if (o == 0 || out[0] == '.')
		out[0] = '_', out[o ? o : 1] = '\0';
}

/* One regular file in the zip. 0 or -1. */
static int
zip_add(struct archive *a, const char *path, const void *p, size_t n,
    time_t when)
{
	struct archive_entry *e = archive_entry_new();
	int ok;

	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, (la_int64_t)n);
	archive_entry_set_mtime(e, when, 0);
	ok = archive_write_header(a, e) == ARCHIVE_OK &&
	    (n == 0 || archive_write_data(a, p, n) == (la_ssize_t)n);
	archive_entry_free(e);
	return ok ? 0 : -1;
}

static const char readme[] =
    "Data pribadi Anda pada layanan sertifikat elektronik\n"
    "=====================================================\n\n"
    "Arsip ini berisi seluruh data yang disimpan sertel untuk permohonan\n"
    "Anda (hak subjek data pribadi, UU Nomor 27 Tahun 2022):\n\n"
    "  data.json   data permohonan: pemohon, isian formulir, dokumen,\n"
    "              hasil pemeriksaan, pembacaan KTP, riwayat status\n"
    "  pesan/      e-mail yang Anda kirim, utuh (.eml)\n"
    "  balasan/    e-mail yang dikirim sertel terkait permohonan (.eml)\n"
    "  dokumen/    lampiran yang Anda kirim\n\n"
    "Berkas yang sudah dihapus sesuai masa retensi tercantum di data.json\n"
    "dengan alasannya. Simpan arsip ini di tempat yang aman.\n";

/* Every item into the zip, and its entry into the index arr. */
static int
zip_items(struct archive *a, const struct store_item *it, size_t n,
    json_object *arr, time_t now)
{
	static const struct { const char *kind, *dir, *ext; } dirs[] = {
		{ "message", "pesan", ".eml" },
		{ "reply", "balasan", ".eml" },
		{ "document", "dokumen", "" },
	};
	char safe[96], path[160];
	json_object *o;
	size_t i, k;
	unsigned counter[3] = { 0, 0, 0 };

	for (i = 0; i < n; i++) {
		for (k = 0; k < 3 && strcmp(it[i].kind, dirs[k].kind) != 0; k++)
			;
		if (k == 3)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "kind", json_object_new_string(
		    dirs[k].dir));
		json_object_object_add(o, "name", json_object_new_string(
		    it[i].name));
		if (it[i].data) {
			/* Mails by number (their Message-ID is in the
			 * index), documents by their own name. */
			safe_name(k == 2 ? it[i].name : "", safe, sizeof safe);
			snprintf(path, sizeof path, "%s/%02u%s%s%s",
			    dirs[k].dir, ++counter[k], k == 2 ? "-" : "",
			    k == 2 ? safe : "", dirs[k].ext);
			if (zip_add(a, path, it[i].data, it[i].len, now) == -1) {
				json_object_put(o);
				return -1;
			}
			json_object_object_add(o, "file",
			    json_object_new_string(path));
			json_object_object_add(o, "size",
			    json_object_new_int64((int64_t)it[i].len));
		} else
			json_object_object_add(o, "not_included",
			    json_object_new_string(it[i].why));
		json_object_array_add(arr, o);
	}
	return 0;
}

/* `sertel export [-o FILE] ID`. */
int
cmd_export(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "output", required_argument, NULL, 'o' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *outpath = NULL, *code, *js;
	struct store_item *items = NULL;
	struct archive *a = NULL;
	struct store *st;
	json_object *o = NULL, *files;
	enum pl_status rv;
	char defpath[64];
	int64_t id;
	size_t n = 0;
	time_t now = pl_now();
	int ch, help = 0, fd = -1, ex = EX_OK;

	while ((ch = sub_getopt(argc, argv, "o:h", lo, cmd_find("export"),
	    &help)) != -1 && !help)
		if (ch == 'o')
			outpath = optarg;
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if (optind != argc - 1) {
		usage_of(cmd_find("export"), stderr);
		return EX_USAGE;
	}
	code = argv[optind];
	if ((rv = open_store(cf, false, 0, &st)) != PL_OK)
		return store_exit(rv);
	if (!store_req_by_code(st, code, &id)) {
		fprintf(stderr, "sertel: no request %s\n", code);
		store_close(st);
		return EX_DATAERR;
	}
	if ((o = report_json(st, cf, id)) == NULL ||
	    store_req_items(st, cf->docs_dir, id, &items, &n) != PL_OK) {
		ex = EX_TEMPFAIL;
		goto done;
	}
	if (outpath == NULL) {
		snprintf(defpath, sizeof defpath, "data-%s.zip", code);
		outpath = defpath;
	}
	if (strcmp(outpath, "-") == 0)
		fd = STDOUT_FILENO;
	else if ((fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		fprintf(stderr, "sertel: %s: %s\n", outpath, strerror(errno));
		ex = EX_CANTCREAT;
		goto done;
	}
	a = archive_write_new();
	files = json_object_new_array();
	json_object_object_add(o, "files", files);
	json_object_object_add(o, "exported_at", json_object_new_int64(now));
	if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK ||
	    zip_add(a, "README.txt", readme, sizeof readme - 1, now) == -1 ||
	    zip_items(a, items, n, files, now) == -1 ||
	    (js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE)) == NULL ||
	    zip_add(a, "data.json", js, strlen(js), now) == -1 ||
	    archive_write_close(a) != ARCHIVE_OK) {
		fprintf(stderr, "sertel: %s: %s\n", outpath,
		    archive_error_string(a) ? archive_error_string(a) :
		    "cannot write the archive");
		ex = EX_IOERR;
	}
	if (fd != STDOUT_FILENO && (fsync(fd) == -1 || close(fd) == -1))
		ex = EX_IOERR;
	if (ex != EX_OK && fd != STDOUT_FILENO)
		unlink(outpath);
	else if (fd != STDOUT_FILENO)
		fprintf(stderr, "sertel: %s written (%zu item%s)\n", outpath,
		    n, n == 1 ? "" : "s");
done:
	archive_write_free(a);
	json_object_put(o);
	store_items_free(items, n);
	store_close(st);
	return ex;
}
