/*
 * verify: is this letter the one the office signed? The signature (sign.c)
 * says the bytes are as signed; the QR code says which letter it claims
 * to be; the register says that letter exists with that content. The QR
 * is read the way a phone would read the printed page: the last pages are
 * rendered (poppler) and decoded (zbar), in a child process with capped
 * memory and time, since the file may come from anyone.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zbar.h>

#include "pdf.h"
#include "review.h"
#include "util.h"
#include "verify.h"
#include "xmem.h"

#define QR_DPI		200
#define QR_MAX_PIXELS	(40u << 20)
#define QR_MAX_TEXT	4096
#define QR_MAX_PAGES	4	/* pages looked at, from the last */

/* Decode QR codes on page index; write ours to fd and exit when found. */
static void
qr_page(const char *pdf, size_t len, int index, int fd)
{
	unsigned char *rgba, *grey;
	int w, h, stride, x, y;
	zbar_image_scanner_t *sc;
	zbar_image_t *img;
	const zbar_symbol_t *sym;
	const char *data;

	if (pdf_render_page((const unsigned char *)pdf, len, index, QR_DPI,
	    QR_MAX_PIXELS, &rgba, &w, &h, &stride) == -1)
		_exit(1);
	grey = xmalloc((size_t)w * h);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			const unsigned char *px = rgba + (size_t)y * stride +
			    (size_t)x * 4;

			grey[(size_t)y * w + x] = (unsigned char)((px[0] +
			    px[1] * 2 + px[2]) / 4);
		}
	free(rgba);
	sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, grey, (unsigned long)w * h, NULL);
	zbar_scan_image(sc, img);
	for (sym = zbar_image_first_symbol(img); sym;
	    sym = zbar_symbol_next(sym)) {
		data = zbar_symbol_get_data(sym);
		if (data && strncmp(data, "SERTEL-TTE", 10) == 0) {
			fd_write_all(fd, data, strnlen(data, QR_MAX_TEXT));
			_exit(0);
		}
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	free(grey);
}

/* In the child: the signature block is near the end; look back a little. */
static void
qr_child(const char *pdf, size_t len, int fd)
{
	int k;

	for (k = 1; k <= QR_MAX_PAGES; k++)
		qr_page(pdf, len, -k, fd);
	_exit(2);
}

/* The QR text of the last pages (the caller's), or NULL. */
static char *
qr_read(const char *pdf, size_t len)
{
	struct rlimit cpu = { PL_PDF_TIMEOUT_S, PL_PDF_TIMEOUT_S };
	char *out = xmalloc(QR_MAX_TEXT + 1);
	size_t got = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) == -1) {
		free(out);
		return NULL;
	}
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		free(out);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* poppler complains loudly about a tampered font: not ours. */
		if (null != -1)
			dup2(null, STDERR_FILENO);
		fd_close_others(fds[1]);
#ifndef __SANITIZE_ADDRESS__	/* ASan reserves terabytes of address space */
		struct rlimit rl = { PL_PDF_MEM * 2, PL_PDF_MEM * 2 };

		setrlimit(RLIMIT_AS, &rl);
#endif
		setrlimit(RLIMIT_CPU, &cpu);
		alarm(PL_PDF_TIMEOUT_S);
		qr_child(pdf, len, fds[1]);
	}
	close(fds[1]);
	while (got < QR_MAX_TEXT && (n = read(fds[0], out + got,
	    QR_MAX_TEXT - got)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got == 0) {
		free(out);
		return NULL;
	}
	out[got] = '\0';
	return out;
}

static void
check_register(struct store *st, const char *pdf, size_t len,
    struct verify_result *v)
{
	struct store_letter l;
	char sha[65];

	if (!store_letter_find(st, v->number, 0, true, &l)) {
		v->reg = VREG_UNKNOWN;
		return;
	}
	store_letter_codes(st, l.id, v->codes, sizeof v->codes);
	sha256_hex(pdf, len, sha);
	if (l.ref_sha256 == NULL || strcmp(l.ref_sha256, v->sha) != 0)
		v->reg = VREG_MISMATCH;
	else if (strcmp(l.sha256, sha) != 0)
		v->reg = VREG_OTHER_FILE;
	else
		v->reg = VREG_MATCH;
	store_letter_clear(&l);
}

enum pl_status
verify_letter(const char *pdf, size_t len, const char *ca_file,
    struct store *st, struct verify_result *v)
{
	struct pdf_info info;
	const char *why;
	char *qr;
	enum pl_status rv;

	memset(v, 0, sizeof *v);
	rv = sign_check(pdf, len, ca_file, &v->sig);
	if (rv != PL_OK && rv != PL_EINPUT)
		return rv;
	if ((qr = qr_read(pdf, len)) != NULL) {
		v->qr_found = review_qr_parse(qr, v->number, sizeof v->number,
		    v->sha) == 0;
		free(qr);
	}
	if (v->qr_found && pdf_read((const unsigned char *)pdf, len, &info,
	    &why) == PL_OK) {
		v->number_in_text = info.text && strstr(info.text, v->number);
		pdf_info_free(&info);
	}
	if (v->qr_found && st != NULL)
		check_register(st, pdf, len, v);
	return PL_OK;
}

bool
verify_ok(const struct verify_result *v, bool need_trust)
{
	return v->sig.has_sig && v->sig.whole && v->sig.digest_ok &&
	    v->sig.sig_ok && (!need_trust || v->sig.trusted) && v->qr_found &&
	    v->number_in_text && (v->reg == VREG_UNCHECKED ||
	    v->reg == VREG_MATCH);
}
