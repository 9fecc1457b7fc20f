/* ocr_worker (extract stage): OCR worker processes, their queue and cache. */
#define _GNU_SOURCE	/* close_range(2) */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "image.h"
#include "ocr.h"
#include "ocr_p.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"


char *
ktp_result_json(const struct ktp_result *r, bool pretty)
{
	json_object *o = json_object_new_object(), *c;
	char *s;
	int i;

	json_object_object_add(o, "is_ktp", json_object_new_boolean(r->is_ktp));
	json_object_object_add(o, "colour", json_object_new_boolean(r->colour));
	for (i = 0; i < KTP_NFIELDS; i++)
		json_object_object_add(o, ktp_field_names[i], r->f.v[i] ?
		    json_object_new_string(r->f.v[i]) : NULL);
	c = json_object_new_object();
	for (i = 0; i < KTP_NFIELDS; i++)
		json_object_object_add(c, ktp_field_names[i],
		    json_object_new_double(round(r->f.conf[i] * 100) / 100));
	json_object_object_add(o, "confidence", c);
	json_object_object_add(o, "width", json_object_new_int(r->width));
	json_object_object_add(o, "height", json_object_new_int(r->height));
	json_object_object_add(o, "card_width",
	    json_object_new_int(r->card_width));
	json_object_object_add(o, "region", json_object_new_string(r->f.city));
	json_object_object_add(o, "labels", json_object_new_int(r->f.labels));
	json_object_object_add(o, "ms", json_object_new_double(
	    round(r->ms * 10) / 10));
	s = xstrdup(json_object_to_json_string_ext(o, pretty ?
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE : JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

bool
ktp_result_newest(const struct pl_request *r, struct ktp_result *k)
{
	size_t i;

	for (i = r->ndocs; i > 0; i--)
		if (r->docs[i - 1].type == DOC_KTP && r->docs[i - 1].ocr &&
		    ktp_result_from_json(r->docs[i - 1].ocr, k) == 0)
			return true;
	return false;
}

int
ktp_result_from_json(const char *json, struct ktp_result *r)
{
	json_object *o = json_tokener_parse(json), *v, *c;
	int i;

	memset(r, 0, sizeof *r);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -1;
	}
	r->is_ktp = json_object_object_get_ex(o, "is_ktp", &v) &&
	    json_object_get_boolean(v);
	r->colour = json_object_object_get_ex(o, "colour", &v) &&
	    json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "width", &v))
		r->width = json_object_get_int(v);
	if (json_object_object_get_ex(o, "height", &v))
		r->height = json_object_get_int(v);
	if (json_object_object_get_ex(o, "card_width", &v))
		r->card_width = json_object_get_int(v);
	if (json_object_object_get_ex(o, "labels", &v))
		r->f.labels = json_object_get_int(v);
	if (json_object_object_get_ex(o, "ms", &v))
		r->ms = json_object_get_double(v);
	if (json_object_object_get_ex(o, "region", &v))
		snprintf(r->f.city, sizeof r->f.city, "%s",
		    json_object_get_string(v));
	json_object_object_get_ex(o, "confidence", &c);
	for (i = 0; i < KTP_NFIELDS; i++) {
		if (json_object_object_get_ex(o, ktp_field_names[i], &v) &&
		    json_object_is_type(v, json_type_string))
			r->f.v[i] = xstrdup(json_object_get_string(v));
		if (c && json_object_object_get_ex(c, ktp_field_names[i], &v))
			r->f.conf[i] = json_object_get_double(v);
	}
	json_object_put(o);
	return 0;
}

/* Framing: a kind or status byte, a 4-byte length, the bytes. */

static int
put_frame(int fd, char kind, const void *p, size_t n)
{
	unsigned char h[5] = { (unsigned char)kind, n >> 24, n >> 16, n >> 8,
	    n };

	return fd_write_all(fd, h, 5) == 0 && fd_write_all(fd, p, n) == 0 ? 0 : -1;
}

/* Read one frame; *body is the caller's. -1 on EOF, error or a size past
 * max. */
static int
get_frame(int fd, size_t max, char *kind, char **body, size_t *len)
{
	unsigned char h[5];

	*body = NULL;
	if (fd_read_all(fd, h, 5) == -1)
		return -1;
	*kind = (char)h[0];
	*len = (size_t)h[1] << 24 | (size_t)h[2] << 16 | (size_t)h[3] << 8 |
	    h[4];
	if (*len > max)
		return -1;
	*body = xmalloc(*len + 1);
	if (fd_read_all(fd, *body, *len) == -1) {
		free(*body);
		*body = NULL;
		return -1;
	}
	(*body)[*len] = '\0';
	return 0;
}

/* A first look at an image, as JSON: decoding stays in the worker. */
static enum pl_status
inspect_local(const unsigned char *p, size_t n, char **out, const char **why)
{
	struct image_info ii;
	enum pl_status st;

	*out = NULL;
	if ((st = image_inspect(p, n, &ii, why)) != PL_OK)
		return st;
	*out = xasprintf("%d %d %d %d %.4f %.4f", ii.width, ii.height,
	    ii.colour, ii.ktp_look, ii.saturation, ii.blue_frac);
	return PL_OK;
}

/* The worker process: Tesseract made once, one image at a time. */
static void __attribute__((noreturn))
worker_main(struct ocr *o, int in, int out)
{
	struct rlimit as = { PL_OCR_MEM, PL_OCR_MEM };
	struct ktp_result r;
	const char *why = "";
	char kind, *img, *answer = NULL;
	size_t n;
	enum pl_status st;

#ifndef __SANITIZE_ADDRESS__	/* ASan reserves terabytes of address space */
	setrlimit(RLIMIT_AS, &as);
#else
	(void)as;
#endif
	/*
	 * Keep freed memory for the next line and the next image instead of
	 * giving it back and faulting it in again: Tesseract allocates and
	 * frees the same large arrays for every line it reads.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	for (;;) {
		if (get_frame(in, PL_MAX_MSG, &kind, &img, &n) == -1)
			_exit(0);
		alarm(PL_OCR_TIMEOUT_S);	/* SIGALRM ends a runaway read */
		if (kind == 'T')
			st = ocr_text_local(o, (unsigned char *)img, n, &answer,
			    &why);
		else if (kind == 'I')
			st = inspect_local((unsigned char *)img, n, &answer,
			    &why);
		else if ((st = ocr_ktp_local(o, (unsigned char *)img, n, &r,
		    &why)) == PL_OK) {
			answer = ktp_result_json(&r, false);
			ktp_result_free(&r);
		}
		alarm(0);
		free(img);
		if (st == PL_OK)
			put_frame(out, 'K', answer, strlen(answer));
		else
			put_frame(out, st == PL_ETEMP ? 'T' : 'E', why,
			    strlen(why));
		free(answer);
		answer = NULL;
	}
}

static int
worker_start(struct ocr *o, struct ocr_worker *w)
{
	int a[2], b[2];

	if (pipe(a) == -1)
		return -1;
	if (pipe(b) == -1) {
		close(a[0]);
		close(a[1]);
		return -1;
	}
	w->pid = fork();
	if (w->pid == -1) {
		close(a[0]); close(a[1]); close(b[0]); close(b[1]);
		w->pid = 0;
		return -1;
	}
	if (w->pid == 0) {
		/*
		 * Nothing of the parent's but our two pipe ends: other
		 * workers' pipes, and above all the store's lock file, whose
		 * flock a long-lived worker would otherwise keep holding
		 * after the parent let it go.
		 */
		unsigned lo = (unsigned)(a[0] < b[1] ? a[0] : b[1]),
		    hi = (unsigned)(a[0] < b[1] ? b[1] : a[0]);

		if (lo > 3)
			close_range(3, lo - 1, 0);
		if (hi > lo + 1)
			close_range(lo + 1, hi - 1, 0);
		close_range(hi + 1, ~0U, 0);
		signal(SIGPIPE, SIG_DFL);
		worker_main(o, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	w->to = a[1];
	w->from = b[0];
	w->busy = false;
	return 0;
}

static void
worker_stop(struct ocr_worker *w)
{
	if (w->pid > 0) {
		close(w->to);
		close(w->from);
		kill(w->pid, SIGKILL);
		while (waitpid(w->pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	memset(w, 0, sizeof *w);
	w->to = w->from = -1;
}

struct ocr *
ocr_new(int workers)
{
	struct ocr *o = xcalloc(1, sizeof *o);
	int i;

	o->nworkers = workers < 1 ? 1 : workers > OCR_WORKERS ? OCR_WORKERS :
	    workers;
	for (i = 0; i < OCR_WORKERS; i++)
		o->w[i].to = o->w[i].from = -1;
	return o;
}

void
ocr_free(struct ocr *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < OCR_WORKERS; i++)
		worker_stop(&o->w[i]);
	for (i = 0; i < o->nq; i++)
		free(o->q[i].data);
	for (i = 0; i < o->ncache; i++)
		free(o->cache[i].text);
	ocr_tess_end(o);
	free(o);
}

/* The cache: answers by (image hash, kind), oldest replaced first. */

static struct ocr_answer *
cache_get(struct ocr *o, const char *sha, char kind)
{
	size_t i;

	for (i = 0; i < o->ncache; i++)
		if (o->cache[i].kind == kind &&
		    strcmp(o->cache[i].sha, sha) == 0)
			return &o->cache[i];
	return NULL;
}

static void
cache_put(struct ocr *o, const char *sha, char kind, char status,
    char *text)
{
	struct ocr_answer *a;

	if (o->ncache < OCR_CACHE)
		a = &o->cache[o->ncache++];
	else {
		a = &o->cache[o->next];
		o->next = (o->next + 1) % OCR_CACHE;
		free(a->text);
	}
	snprintf(a->sha, sizeof a->sha, "%s", sha);
	a->kind = kind;
	a->status = status;
	a->text = text;
}

static bool
pending(const struct ocr *o, const char *sha, char kind)
{
	size_t i;

	for (i = 0; i < o->nq; i++)
		if (o->q[i].kind == kind && strcmp(o->q[i].sha, sha) == 0)
			return true;
	for (i = 0; i < OCR_WORKERS; i++)
		if (o->w[i].busy && o->w[i].kind == kind &&
		    strcmp(o->w[i].sha, sha) == 0)
			return true;
	return false;
}

/* Hand queued jobs to idle workers (starting them as needed). */
static void
dispatch(struct ocr *o)
{
	struct ocr_worker *w;
	struct ocr_job job;
	size_t i;

	for (i = 0; i < (size_t)o->nworkers && o->nq > 0; i++) {
		w = &o->w[i];
		if (w->busy)
			continue;
		if (w->pid == 0 && worker_start(o, w) == -1)
			continue;
		job = o->q[0];
		memmove(o->q, o->q + 1, --o->nq * sizeof *o->q);
		if (put_frame(w->to, job.kind, job.data, job.len) == -1) {
			worker_stop(w);
			cache_put(o, job.sha, job.kind, 'E', xstrdup("the OCR "
			    "worker died or ran out of time on this image"));
		} else {
			w->busy = true;
			w->kind = job.kind;
			memcpy(w->sha, job.sha, sizeof w->sha);
			w->deadline = time(NULL) + PL_OCR_TIMEOUT_S + 5;
		}
		free(job.data);
	}
}

/* Collect answers for up to ms milliseconds; kill workers past time. */
static void
collect(struct ocr *o, int ms)
{
	struct pollfd pfd[OCR_WORKERS];
	int map[OCR_WORKERS], n = 0, i;
	struct ocr_worker *w;
	char kind, *body;
	size_t len;

	for (i = 0; i < OCR_WORKERS; i++) {
		w = &o->w[i];
		if (!w->busy)
			continue;
		if (time(NULL) > w->deadline) {
			cache_put(o, w->sha, w->kind, 'E', xstrdup("the OCR "
			    "worker died or ran out of time on this image"));
			worker_stop(w);
			continue;
		}
		pfd[n].fd = w->from;
		pfd[n].events = POLLIN;
		map[n++] = i;
	}
	if (n == 0 || poll(pfd, (nfds_t)n, ms) <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		w = &o->w[map[i]];
		w->busy = false;
		if (get_frame(w->from, 1u << 20, &kind, &body, &len) == -1) {
			cache_put(o, w->sha, w->kind, 'E', xstrdup("the OCR "
			    "worker died or ran out of time on this image"));
			worker_stop(w);
		} else
			cache_put(o, w->sha, w->kind, kind, body);
	}
}

/* Queue an image unless it is answered, queued or being read. */
static bool
submit(struct ocr *o, char kind, const char *sha, const unsigned char *p,
    size_t n, bool urgent)
{
	struct ocr_job job;

	if (cache_get(o, sha, kind) || pending(o, sha, kind))
		return true;
	if (o->nq == OCR_QUEUE)
		return false;
	memset(&job, 0, sizeof job);
	memcpy(job.sha, sha, sizeof job.sha);
	job.kind = kind;
	job.data = xmalloc(n ? n : 1);
	memcpy(job.data, p, n);
	job.len = n;
	if (urgent) {
		memmove(o->q + 1, o->q, o->nq * sizeof *o->q);
		o->q[0] = job;
	} else
		o->q[o->nq] = job;
	o->nq++;
	dispatch(o);
	return true;
}

void
ocr_prefetch(struct ocr *o, const unsigned char *p, size_t n, bool ktp)
{
	char sha[65];

	if (o == NULL || n > PL_MAX_MSG)
		return;
	sha256_hex(p, n, sha);
	submit(o, ktp ? 'K' : 'I', sha, p, n, false);
}

/* The worker's reason is one of the static strings of ocr.c. */
static const char *
reason_of(const char *answer)
{
	static const char *const reasons[] = {
		"PDF page could not be rendered",
		"not a JPEG, PNG, TIFF or PDF (BMP and GIF refused)",
		"image header unreadable",
		"image larger than PL_MAX_IMG_PIXELS or PL_MAX_IMG_SIDE",
		"image could not be decoded",
		"image could not be converted",
		"no card found in the image",
		"Tesseract could not load the ind language data",
		"not a JPEG, PNG or TIFF image",
		"image larger than PL_MAX_IMG_PIXELS",
		"image could not be decoded",
		"out of memory inspecting image",
		"JPEG with more scans than PL_MAX_JPEG_SCANS",
		"the OCR worker died or ran out of time on this image",
	};
	size_t i;

	for (i = 0; i < sizeof reasons / sizeof *reasons; i++)
		if (strcmp(answer, reasons[i]) == 0)
			return reasons[i];
	return "the image could not be read";
}

/* Ask for an answer and wait for it; *text is the caller's on PL_OK. */
static enum pl_status
ask(struct ocr *o, char kind, const unsigned char *p, size_t n, char **text,
    const char **why)
{
	struct ocr_answer *a;
	char sha[65];

	*text = NULL;
	if (n > PL_MAX_MSG) {
		*why = "image larger than PL_MAX_MSG";
		return PL_EINPUT;
	}
	sha256_hex(p, n, sha);
	if (!submit(o, kind, sha, p, n, true)) {
		*why = "the OCR queue is full";
		return PL_ETEMP;
	}
	while ((a = cache_get(o, sha, kind)) == NULL) {
		dispatch(o);
		collect(o, 1000);
		if (!pending(o, sha, kind) && cache_get(o, sha, kind) == NULL) {
			*why = "cannot start the OCR worker";
			return PL_ETEMP;
		}
	}
	if (a->status != 'K') {
		*why = reason_of(a->text);
		return a->status == 'T' ? PL_ETEMP : PL_EINPUT;
	}
	*text = xstrdup(a->text);
	return PL_OK;
}

enum pl_status
ocr_ktp(struct ocr *o, const unsigned char *p, size_t n,
    struct ktp_result *out, const char **why)
{
	enum pl_status st;
	char *json;

	memset(out, 0, sizeof *out);
	if ((st = ask(o, 'K', p, n, &json, why)) != PL_OK)
		return st;
	if (ktp_result_from_json(json, out) == -1) {
		free(json);
		*why = "the OCR worker answered nonsense";
		return PL_EINPUT;
	}
	free(json);
	return PL_OK;
}

enum pl_status
ocr_text(struct ocr *o, const unsigned char *p, size_t n, char **text,
    const char **why)
{
	return ask(o, 'T', p, n, text, why);
}

enum pl_status
ocr_inspect(struct ocr *o, const unsigned char *p, size_t n,
    struct image_info *ii, const char **why)
{
	enum pl_status st;
	char *text;
	int colour, look;

	memset(ii, 0, sizeof *ii);
	if ((st = ask(o, 'I', p, n, &text, why)) != PL_OK)
		return st;
	if (sscanf(text, "%d %d %d %d %lf %lf", &ii->width, &ii->height,
	    &colour, &look, &ii->saturation, &ii->blue_frac) != 6) {
		free(text);
		*why = "the OCR worker answered nonsense";
		return PL_EINPUT;
	}
	ii->colour = colour != 0;
	ii->ktp_look = look != 0;
	free(text);
	return PL_OK;
}
