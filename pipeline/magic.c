/* magic (classify stage): file kinds from magic bytes. */
#define _GNU_SOURCE
#include <string.h>

#include "magic.h"
#include "pipeline.h"

const char *const pl_filekind_names[FK_NKINDS] = {
	"unknown", "pdf", "jpeg", "png", "tiff", "gif", "bmp", "webp", "heic",
	"zip", "office", "ole", "executable", "text",
};

static int
has(const unsigned char *p, size_t n, size_t off, const char *sig,
    size_t len)
{
	return n >= off + len && memcmp(p + off, sig, len) == 0;
}

/* A ZIP whose first member names an Office Open XML or ODF package. */
static int
is_office_zip(const unsigned char *p, size_t n)
{
	size_t nl;

	if (n < 30)
		return 0;
	nl = (size_t)p[26] | (size_t)p[27] << 8;
	if (n < 30 + nl)
		return 0;
	/* Each prefix compared only when the name is at least that long. */
	return (nl == 19 && memcmp(p + 30, "[Content_Types].xml", 19) == 0) ||
	    (nl == 8 && memcmp(p + 30, "mimetype", 8) == 0) ||
	    (nl >= 5 && (memcmp(p + 30, "word/", 5) == 0 ||
	    memcmp(p + 30, "_rels", 5) == 0)) ||
	    (nl >= 8 && memcmp(p + 30, "docProps", 8) == 0);
}

static int
looks_text(const unsigned char *p, size_t n)
{
	size_t i;

	if (n > 512)
		n = 512;
	for (i = 0; i < n; i++)
		if (p[i] == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' &&
		    p[i] != '\t'))
			return 0;
	return n > 0;
}

enum pl_filekind
magic_kind(const unsigned char *p, size_t n)
{
	if (p == NULL || n == 0)
		return FK_UNKNOWN;
	/* PDF: "%PDF-" within the first 1024 bytes, as readers accept. */
	if (n >= 5 && memmem(p, n < 1024 ? n : 1024, "%PDF-", 5) != NULL)
		return FK_PDF;
	if (has(p, n, 0, "\xff\xd8\xff", 3))
		return FK_JPEG;
	if (has(p, n, 0, "\x89PNG\r\n\x1a\n", 8))
		return FK_PNG;
	if (has(p, n, 0, "II*\0", 4) || has(p, n, 0, "MM\0*", 4))
		return FK_TIFF;
	if (has(p, n, 0, "GIF87a", 6) || has(p, n, 0, "GIF89a", 6))
		return FK_GIF;
	if (has(p, n, 0, "BM", 2) && n > 14)
		return FK_BMP;
	if (has(p, n, 0, "RIFF", 4) && has(p, n, 8, "WEBP", 4))
		return FK_WEBP;
	if (has(p, n, 4, "ftypheic", 8) || has(p, n, 4, "ftypheix", 8) ||
	    has(p, n, 4, "ftypmif1", 8))
		return FK_HEIC;
	if (has(p, n, 0, "PK\3\4", 4))
		return is_office_zip(p, n) ? FK_DOCX : FK_ZIP;
	if (has(p, n, 0, "PK\5\6", 4))
		return FK_ZIP;
	if (has(p, n, 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return FK_OLE;
	if (has(p, n, 0, "\x7f" "ELF", 4) || has(p, n, 0, "MZ", 2) ||
	    has(p, n, 0, "\xcf\xfa\xed\xfe", 4) ||
	    has(p, n, 0, "\xca\xfe\xba\xbe", 4) || has(p, n, 0, "#!", 2))
		return FK_EXEC;
	if (looks_text(p, n))
		return FK_TEXT;
	return FK_UNKNOWN;
}

const char *
magic_mime(enum pl_filekind k)
{
	static const char *const types[FK_NKINDS] = {
		"application/octet-stream", "application/pdf", "image/jpeg",
		"image/png", "image/tiff", "image/gif", "image/bmp",
		"image/webp", "image/heic", "application/zip",
		"application/vnd.openxmlformats-officedocument",
		"application/msword", "application/x-executable",
		"text/plain",
	};

	return k < FK_NKINDS ? types[k] : types[0];
}

int
magic_is_image(enum pl_filekind k)
{
	return k == FK_JPEG || k == FK_PNG || k == FK_TIFF;
}
