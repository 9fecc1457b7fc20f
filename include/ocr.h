/* ocr.h: reading KTP images with Tesseract, inside capped worker processes. */
#ifndef PL_OCR_H
#define PL_OCR_H

#include <stdbool.h>
#include <stddef.h>

#include "ktp.h"
#include "pipeline.h"

/* What reading one KTP image gives. */
struct ktp_result {
	bool			 is_ktp;	/* KTP labels were found */
	bool			 colour;
	int			 width, height;	/* of the image as sent */
	int			 card_width;	/* card pixels across, as found */
	bool			 unwarped;	/* a photo's perspective undone */
	struct ktp_fields	 f;		/* values owned */
	double			 ms;		/* time spent in the worker */
};

/* The OCR context: a Tesseract instance or a worker holding one. */
struct ocr;

/* Up to workers OCR processes (1..8); nothing starts yet. */
struct ocr	*ocr_new(int workers);
void		 ocr_free(struct ocr *o);	/* stops the worker; NULL-safe */

void		 ktp_result_free(struct ktp_result *r);		/* NULL-safe */
/* The result as the JSON of `sertel ktp --json` (without checks); owned. */
char		*ktp_result_json(const struct ktp_result *r, bool pretty);
/* Parse that JSON back; -1 on malformed input. */
int		 ktp_result_from_json(const char *json, struct ktp_result *r);
/* The stored reading of the newest KTP of request r, or false. */
bool		 ktp_result_newest(const struct pl_request *r,
		    struct ktp_result *k);

/*
 * Read one KTP image (JPEG, PNG, TIFF, or a scanned PDF's first page) in
 * this process: header checked before decoding (format by magic bytes,
 * pixels and side capped), card found and cropped, deskewed, scaled. Then
 * a layout pass finds the 13 label rows and the value column
 * (ktp_layout), and only the header and the values are recognised;
 * doubtful rows are read again alone (ktp_merge keeps the better); the
 * NIK is read again digits only (twice more when readings differ, once
 * contrast-normalised when none is whole), and a birth date unlike a sure
 * NIK's once more. When
 * the rows are not found or fewer than 8 values fit their closed forms
 * (ktp_fitting), the card is read whole, labels and all, and the better
 * fitting reading kept; labels then counts the labels read, else the 13
 * rows found. PL_EINPUT with *why (static) for a file that is not a
 * readable image. Uses the Tesseract instance of o, created on first use.
 */
enum pl_status	 ocr_ktp_local(struct ocr *o, const unsigned char *p,
		    size_t n, struct ktp_result *out, const char **why);

/*
 * The same in a worker process (OCR_WORKERS of them, started on first use,
 * Tesseract kept initialised, memory and CPU capped, restarted after a
 * crash or time-out; answers cached by image hash).
 * PL_EINPUT with *why when the image fails or kills its worker: only this
 * document fails. PL_ETEMP when no worker can be started.
 */
enum pl_status	 ocr_ktp(struct ocr *o, const unsigned char *p, size_t n,
		    struct ktp_result *out, const char **why);

/*
 * Start reading an image on an idle worker without waiting: as a KTP
 * (ktp) or its first look (ocr_inspect); a later call with the same bytes
 * finds the answer ready. For reading
 * ahead in a batch, so both cores work. Never fails (a full queue skips).
 */
void		 ocr_prefetch(struct ocr *o, const unsigned char *p, size_t n,
		    bool ktp);

/*
 * image_inspect() (image.h) done in a worker, so that decoding a hostile
 * image can cost only that worker. Same results and errors.
 */
struct image_info;
enum pl_status	 ocr_inspect(struct ocr *o, const unsigned char *p, size_t n,
		    struct image_info *ii, const char **why);

/*
 * The text of the top third of a scanned page (image or the first page of
 * a PDF without a text layer), for telling documents apart by their
 * titles: in this process, or in the worker. *text is the caller's.
 */
enum pl_status	 ocr_text_local(struct ocr *o, const unsigned char *p,
		    size_t n, char **text, const char **why);
enum pl_status	 ocr_text(struct ocr *o, const unsigned char *p, size_t n,
		    char **text, const char **why);

#endif
