/* unzip (parse stage): ZIP attachments to parts, capped, via libarchive. */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "unzip.h"
#include "buf.h"
#include "charset.h"
#include "magic.h"
#include "mime.h"
#include "pipeline.h"
#include "xmem.h"

#define NOTE_CAP "Arsip ZIP \"%s\" melebihi batas (jumlah berkas, ukuran " \
	"atau rasio kompresi) dan tidak dibuka. Mohon kirim dokumen " \
	"sebagai lampiran terpisah."
#define NOTE_BAD "Arsip ZIP \"%s\" tidak dapat dibuka. Mohon kirim " \
	"dokumen sebagai lampiran terpisah."
#define NOTE_NESTED "Arsip \"%s\" berisi arsip lain atau berkas " \
	"terenkripsi yang tidak dibuka. Mohon kirim dokumen sebagai " \
	"lampiran terpisah."

struct unzip {
	struct pl_part	*files;		/* owned */
	size_t		 n;
	size_t		 total;
	bool		 skipped;	/* nested or encrypted entries */
};

static void
unzip_free(struct unzip *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free(u->files[i].filename);
		free(u->files[i].data);
	}
	free(u->files);
}

/* Read one entry's data into b; -1 on a cap or a read error. */
static int
read_entry(struct archive *a, struct buf *b, size_t packed, size_t *total)
{
	char chunk[16384];
	la_ssize_t r;

	for (;;) {
		r = archive_read_data(a, chunk, sizeof chunk);
		if (r == 0)
			return 0;
		if (r < 0)
			return -1;
		*total += (size_t)r;
		if (*total > PL_MAX_ZIP_TOTAL ||
		    *total / PL_MAX_ZIP_RATIO > packed ||
		    buf_add(b, chunk, (size_t)r) == -1)
			return -1;
	}
}

/* 0 when unpacked, 1 when over a cap, -1 when unreadable. */
static int
unzip_run(const struct pl_part *zip, struct unzip *u)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct pl_part f;
	struct buf b;
	int r, rv = 0;

	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, zip->data, zip->len) != ARCHIVE_OK) {
		archive_read_free(a);
		return -1;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (archive_entry_is_encrypted(e)) {
			u->skipped = true;
			continue;
		}
		if (u->n >= PL_MAX_ZIP_ENTRIES) {
			rv = 1;
			break;
		}
		buf_init(&b, PL_MAX_ZIP_TOTAL);
		if (read_entry(a, &b, zip->len, &u->total) == -1) {
			buf_free(&b);
			rv = u->total > PL_MAX_ZIP_TOTAL ||
			    u->total / PL_MAX_ZIP_RATIO > zip->len ? 1 : -1;
			break;
		}
		memset(&f, 0, sizeof f);
		f.filename = filename_clean(archive_entry_pathname_utf8(e) ?
		    archive_entry_pathname_utf8(e) :
		    archive_entry_pathname(e));
		f.data = (unsigned char *)buf_steal(&b, &f.len);
		f.inner = zip->inner;
		if (magic_kind(f.data, f.len) == FK_ZIP) {
			u->skipped = true;	/* no nested archives */
			free(f.filename);
			free(f.data);
			continue;
		}
		u->files = xreallocarray(u->files, u->n + 1, sizeof *u->files);
		u->files[u->n++] = f;
	}
	if (rv == 0 && r != ARCHIVE_EOF)
		rv = -1;
	archive_read_free(a);
	return rv;
}

static void
note(struct pl_msg *msg, int which, const char *name)
{
	char *s;

	name = name ? name : "lampiran";
	if (which == 1)
		s = xasprintf(NOTE_CAP, name);
	else if (which == 2)
		s = xasprintf(NOTE_NESTED, name);
	else
		s = xasprintf(NOTE_BAD, name);

	mime_note(msg, s);
	free(s);
}

/* Splice u's files in place of part i; the zip part is dropped. */
static void
splice(struct pl_msg *msg, size_t i, struct unzip *u)
{
	struct pl_part zip = msg->parts[i];
	size_t k, n = msg->nparts - 1 + u->n;

	msg->parts = xreallocarray(msg->parts, n ? n : 1, sizeof *msg->parts);
	memmove(msg->parts + i + u->n, msg->parts + i + 1,
	    (msg->nparts - i - 1) * sizeof *msg->parts);
	for (k = 0; k < u->n; k++) {
		u->files[k].declared_type = xstrdup("application/octet-stream");
		u->files[k].archive = xstrdup(zip.filename ? zip.filename :
		    "archive.zip");
		msg->parts[i + k] = u->files[k];
	}
	msg->nparts = n;
	free(u->files);
	u->files = NULL;
	u->n = 0;
	free(zip.filename);
	free(zip.declared_type);
	free(zip.content_id);
	free(zip.data);
	free(zip.archive);
}

enum pl_status
unzip_expand(struct pl_msg *msg)
{
	struct unzip u;
	size_t i = 0, step;
	int r;

	while (i < msg->nparts) {
		if (msg->parts[i].archive != NULL || magic_kind(
		    msg->parts[i].data, msg->parts[i].len) != FK_ZIP) {
			i++;
			continue;
		}
		memset(&u, 0, sizeof u);
		r = unzip_run(&msg->parts[i], &u);
		if (r == 0 && msg->nparts - 1 + u.n > PL_MAX_ATTACH)
			r = 1;
		if (r != 0) {
			note(msg, r > 0 ? 1 : 0,
			    msg->parts[i].filename);
			unzip_free(&u);
			i++;
			continue;
		}
		if (u.skipped)
			note(msg, 2, msg->parts[i].filename);
		if (u.n == 0) {
			/* Nothing readable inside: keep the archive itself. */
			unzip_free(&u);
			i++;
			continue;
		}
		step = u.n;
		splice(msg, i, &u);
		i += step;
	}
	return PL_OK;
}
