/* test_unzip: ZIP attachments made here with libarchive's write API. */
#include <archive.h>
#include <archive_entry.h>

#include "testlib.h"

#include "magic.h"
#include "mime.h"
#include "pipeline.h"
#include "unzip.h"
#include "xmem.h"

#define JPG	"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00" \
		"\x01\x00\x00\xff\xd9"
#define PDF	"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"

struct entry {
	const char	*name;
	const void	*data;		/* NULL: zeros */
	size_t		 len;
};

/* A ZIP of the entries; encrypted with ZipCrypto when passphrase set. */
static unsigned char *
make_zip(const struct entry *e, size_t n, const char *passphrase,
    size_t *outlen)
{
	static char zeros[1 << 20];
	size_t cap = 16u << 20, used = 0, i, left, k;
	unsigned char *buf = xmalloc(cap);
	struct archive *a = archive_write_new();
	struct archive_entry *ae;

	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	if (passphrase) {
		assert_int_equal(archive_write_set_options(a,
		    "zip:encryption=zipcrypt"), ARCHIVE_OK);
		assert_int_equal(archive_write_set_passphrase(a, passphrase),
		    ARCHIVE_OK);
	}
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used),
	    ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_size(ae, (la_int64_t)e[i].len);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1795230000, 0);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		for (left = e[i].len; left > 0; left -= k) {
			k = left < sizeof zeros ? left : sizeof zeros;
			assert_int_equal(archive_write_data(a, e[i].data ?
			    (const char *)e[i].data + (e[i].len - left) : zeros,
			    k), (la_ssize_t)k);
		}
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*outlen = used;
	return buf;
}

/* A message holding the given parts (data copied). */
static struct pl_msg *
make_msg(void)
{
	return xcalloc(1, sizeof(struct pl_msg));
}

static void
add_part(struct pl_msg *m, const char *name, const void *data, size_t len,
    int inner)
{
	struct pl_part *p;

	m->parts = xreallocarray(m->parts, m->nparts + 1, sizeof *m->parts);
	p = &m->parts[m->nparts++];
	memset(p, 0, sizeof *p);
	p->filename = name ? xstrdup(name) : NULL;
	p->declared_type = xstrdup("application/zip");
	p->data = xmalloc(len ? len : 1);
	memcpy(p->data, data, len);
	p->len = len;
	p->inner = inner;
}

static void
add_zip(struct pl_msg *m, const char *name, const struct entry *e,
    size_t n, const char *passphrase)
{
	size_t len;
	unsigned char *z = make_zip(e, n, passphrase, &len);

	assert_int_equal(magic_kind(z, len), FK_ZIP);
	add_part(m, name, z, len, 0);
	free(z);
}

static bool
has_note(const struct pl_msg *m, const char *word)
{
	size_t i;

	for (i = 0; i < m->nnotes; i++)
		if (strstr(m->notes[i], word) != NULL)
			return true;
	return false;
}

static void
test_three_files(void **state)
{
	static const struct entry e[] = {
		{ "KTP Budi.jpg", JPG, sizeof JPG - 1 },
		{ "Surat Permohonan.pdf", PDF, sizeof PDF - 1 },
		{ "berkas/SK/Petikan SK.pdf", PDF, sizeof PDF - 1 },
	};
	struct pl_msg *m = make_msg();
	size_t i;

	(void)state;
	add_part(m, "before.pdf", PDF, sizeof PDF - 1, 0);
	add_zip(m, "Berkas TTE.zip", e, 3, NULL);
	add_part(m, "after.pdf", PDF, sizeof PDF - 1, 0);
	m->parts[1].inner = 1;
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 5);
	assert_string_equal(m->parts[0].filename, "before.pdf");
	assert_null(m->parts[0].archive);
	assert_string_equal(m->parts[1].filename, "KTP Budi.jpg");
	assert_string_equal(m->parts[2].filename, "Surat Permohonan.pdf");
	assert_string_equal(m->parts[3].filename, "Petikan SK.pdf");
	assert_string_equal(m->parts[4].filename, "after.pdf");
	assert_null(m->parts[4].archive);
	for (i = 1; i <= 3; i++) {
		assert_non_null(m->parts[i].archive);
		assert_string_equal(m->parts[i].archive, "Berkas TTE.zip");
		assert_int_equal(m->parts[i].inner, 1);
		assert_non_null(m->parts[i].declared_type);
	}
	assert_int_equal(m->parts[1].len, sizeof JPG - 1);
	assert_memory_equal(m->parts[1].data, JPG, sizeof JPG - 1);
	assert_int_equal(m->parts[3].len, sizeof PDF - 1);
	assert_memory_equal(m->parts[3].data, PDF, sizeof PDF - 1);
	assert_int_equal(m->nnotes, 0);
	/* Expanding again changes nothing. */
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 5);
	mime_free(m);
}

/* One 50 MB entry of zeros: over the ratio and total caps. */
static void
test_zip_bomb(void **state)
{
	static const struct entry e[] = { { "nol.pdf", NULL, 50u << 20 } };
	struct pl_msg *m = make_msg();
	unsigned char *copy;
	size_t len;

	(void)state;
	add_zip(m, "bom.zip", e, 1, NULL);
	len = m->parts[0].len;
	assert_true(len < (1u << 20));
	copy = xmalloc(len);
	memcpy(copy, m->parts[0].data, len);
	assert_int_equal(unzip_expand(m), PL_OK);
	/* Not expanded: the archive stays one part, unchanged. */
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].filename, "bom.zip");
	assert_null(m->parts[0].archive);
	assert_int_equal(m->parts[0].len, len);
	assert_memory_equal(m->parts[0].data, copy, len);
	assert_int_equal(m->nnotes, 1);
	assert_non_null(strstr(m->notes[0], "bom.zip"));
	assert_true(has_note(m, "melebihi batas"));
	free(copy);
	mime_free(m);
}

/* A modest ratio is fine: 2 MB of zeros in a small zip is not. */
static void
test_ratio(void **state)
{
	static const struct entry e[] = { { "nol.bin", NULL, 2u << 20 } };
	struct pl_msg *m = make_msg();

	(void)state;
	add_zip(m, "rasio.zip", e, 1, NULL);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 1);
	assert_null(m->parts[0].archive);
	assert_true(has_note(m, "melebihi batas"));
	mime_free(m);
}

static void
test_zip_in_zip(void **state)
{
	static const struct entry in[] = { { "KTP.jpg", JPG, sizeof JPG - 1 } };
	struct entry out[2];
	struct pl_msg *m = make_msg();
	unsigned char *inner;
	size_t ilen;

	(void)state;
	inner = make_zip(in, 1, NULL, &ilen);
	out[0].name = "Surat Permohonan.pdf";
	out[0].data = PDF;
	out[0].len = sizeof PDF - 1;
	out[1].name = "lagi.zip";
	out[1].data = inner;
	out[1].len = ilen;
	add_zip(m, "luar.zip", out, 2, NULL);
	free(inner);
	assert_int_equal(unzip_expand(m), PL_OK);
	/* The PDF comes out; the inner archive is skipped with a note. */
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].filename, "Surat Permohonan.pdf");
	assert_string_equal(m->parts[0].archive, "luar.zip");
	assert_int_equal(m->nnotes, 1);
	assert_true(has_note(m, "luar.zip"));
	assert_true(has_note(m, "arsip lain"));
	mime_free(m);
}

static void
entries_n(struct entry *e, char names[][32], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(names[i], 32, "dok%03zu.pdf", i);
		e[i].name = names[i];
		e[i].data = PDF;
		e[i].len = sizeof PDF - 1;
	}
}

/* More than 50 files: not expanded. Exactly 50: expanded. */
static void
test_entry_count(void **state)
{
	static struct entry e[60];
	static char names[60][32];
	struct pl_msg *m;

	(void)state;
	entries_n(e, names, 60);
	m = make_msg();
	add_zip(m, "banyak.zip", e, PL_MAX_ZIP_ENTRIES + 1, NULL);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].filename, "banyak.zip");
	assert_null(m->parts[0].archive);
	assert_true(has_note(m, "banyak.zip"));
	assert_true(has_note(m, "melebihi batas"));
	mime_free(m);

	m = make_msg();
	add_zip(m, "pas.zip", e, PL_MAX_ZIP_ENTRIES, NULL);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, PL_MAX_ZIP_ENTRIES);
	assert_string_equal(m->parts[49].filename, "dok049.pdf");
	assert_int_equal(m->nnotes, 0);
	mime_free(m);
}

/* The whole message may not go past PL_MAX_ATTACH parts. */
static void
test_attach_cap(void **state)
{
	static struct entry e[20];
	static char names[20][32];
	struct pl_msg *m = make_msg();
	int i;

	(void)state;
	entries_n(e, names, 20);
	for (i = 0; i < PL_MAX_ATTACH - 10; i++)
		add_part(m, "x.pdf", PDF, sizeof PDF - 1, 0);
	add_zip(m, "tambahan.zip", e, 20, NULL);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_true(m->nparts <= PL_MAX_ATTACH);
	assert_int_equal(m->nparts, PL_MAX_ATTACH - 9);
	assert_string_equal(m->parts[m->nparts - 1].filename, "tambahan.zip");
	assert_true(has_note(m, "tambahan.zip"));
	mime_free(m);
}

/* An encrypted entry is never opened; the applicant hears why. */
static void
test_encrypted_not_opened(void **state)
{
	static const struct entry e[] = {
		{ "rahasia.pdf", PDF, sizeof PDF - 1 },
		{ "KTP.jpg", JPG, sizeof JPG - 1 },
	};
	struct pl_msg *m = make_msg();
	size_t i;

	(void)state;
	add_zip(m, "terkunci.zip", e, 2, "sandi123");
	assert_int_equal(unzip_expand(m), PL_OK);
	for (i = 0; i < m->nparts; i++)
		if (m->parts[i].archive != NULL)
			fail_msg("part %zu (%s) came out of the encrypted "
			    "archive", i, m->parts[i].filename);
	assert_int_equal(m->nnotes, 1);
	assert_true(has_note(m, "terkunci.zip"));
	assert_true(has_note(m, "terenkripsi"));
	mime_free(m);
}

/*
 * "Nothing is lost": when not one file could be taken out of an archive
 * (all encrypted), the archive itself must stay a part of the message,
 * as for an archive over a cap, or the attachment vanishes from the
 * request.
 */
static void
test_encrypted_archive_kept(void **state)
{
	static const struct entry e[] = {
		{ "rahasia.pdf", PDF, sizeof PDF - 1 },
	};
	struct pl_msg *m = make_msg();

	(void)state;
	add_zip(m, "terkunci.zip", e, 1, "sandi123");
	assert_int_equal(unzip_expand(m), PL_OK);
	if (m->nparts != 1 || m->parts[0].archive != NULL ||
	    m->parts[0].filename == NULL ||
	    strcmp(m->parts[0].filename, "terkunci.zip") != 0) {
		size_t n = m->nparts;

		mime_free(m);
		fail_msg("encrypted archive: %zu parts left, want the archive "
		    "itself (1)", n);
	}
	mime_free(m);
}

/* Broken archives stay as they are, with a note. */
static void
test_unreadable(void **state)
{
	static const struct entry e[] = {
		{ "Surat Permohonan.pdf", PDF, sizeof PDF - 1 },
		{ "KTP.jpg", JPG, sizeof JPG - 1 },
	};
	static const unsigned char junk[] = "PK\3\4\x14\0\0\0\x08\0garbage "
	    "that is not a zip at all, just bytes after a signature";
	struct pl_msg *m = make_msg();
	unsigned char *z;
	size_t len;

	(void)state;
	add_part(m, "rusak.zip", junk, sizeof junk - 1, 0);
	/* A real archive cut in half. */
	z = make_zip(e, 2, NULL, &len);
	add_part(m, "terpotong.zip", z, len / 2, 0);
	free(z);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_true(has_note(m, "rusak.zip"));
	assert_true(has_note(m, "terpotong.zip"));
	/* Nothing is lost. */
	assert_true(m->nparts >= 2);
	assert_string_equal(m->parts[0].filename, "rusak.zip");
	assert_int_equal(m->parts[0].len, sizeof junk - 1);
	mime_free(m);
}

/* Names inside the archive are cleaned like any sender file name. */
static void
test_names_cleaned(void **state)
{
	static const struct entry e[] = {
		{ "../../etc/passwd", PDF, sizeof PDF - 1 },
		{ "C:\\Users\\budi\\KTP.jpg", JPG, sizeof JPG - 1 },
		{ "dir/sub/", NULL, 0 },
	};
	struct pl_msg *m = make_msg();
	size_t i;

	(void)state;
	add_zip(m, NULL, e, 3, NULL);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_true(m->nparts >= 2);
	assert_string_equal(m->parts[0].filename, "passwd");
	assert_string_equal(m->parts[1].filename, "KTP.jpg");
	for (i = 0; i < m->nparts; i++) {
		if (m->parts[i].filename && (strchr(m->parts[i].filename,
		    '/') || strchr(m->parts[i].filename, '\\')))
			fail_msg("part %zu keeps a directory: %s", i,
			    m->parts[i].filename);
		assert_non_null(m->parts[i].archive);
	}
	mime_free(m);
}

/* Office documents are ZIPs inside but are not archives. */
static void
test_docx_untouched(void **state)
{
	static const char ct[] = "<?xml version=\"1.0\"?><Types/>";
	static const struct entry e[] = {
		{ "[Content_Types].xml", ct, sizeof ct - 1 },
		{ "word/document.xml", ct, sizeof ct - 1 },
	};
	struct pl_msg *m = make_msg();
	size_t len;
	unsigned char *z = make_zip(e, 2, NULL, &len);

	(void)state;
	assert_int_equal(magic_kind(z, len), FK_DOCX);
	add_part(m, "Formulir.docx", z, len, 0);
	free(z);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].filename, "Formulir.docx");
	assert_int_equal(m->nnotes, 0);
	mime_free(m);
}

/* No parts, or no ZIPs: nothing happens. */
static void
test_nothing_to_do(void **state)
{
	struct pl_msg *m = make_msg();

	(void)state;
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 0);
	add_part(m, "a.pdf", PDF, sizeof PDF - 1, 0);
	add_part(m, "empty", "", 0, 0);
	assert_int_equal(unzip_expand(m), PL_OK);
	assert_int_equal(m->nparts, 2);
	assert_int_equal(m->nnotes, 0);
	mime_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_files),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_zip_in_zip),
		cmocka_unit_test(test_entry_count),
		cmocka_unit_test(test_attach_cap),
		cmocka_unit_test(test_encrypted_not_opened),
		cmocka_unit_test(test_encrypted_archive_kept),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_names_cleaned),
		cmocka_unit_test(test_docx_untouched),
		cmocka_unit_test(test_nothing_to_do),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
