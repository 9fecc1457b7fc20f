/* ktp.h: reading an e-KTP: OCR words to fields, and the image pipeline. */
#ifndef PL_KTP_H
#define PL_KTP_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

enum ktp_field {
	KTP_PROVINSI = 0, KTP_KABKOTA, KTP_NIK, KTP_NAMA, KTP_TEMPAT,
	KTP_TANGGAL, KTP_JK, KTP_GOLDAR, KTP_ALAMAT, KTP_RTRW, KTP_KELDESA,
	KTP_KECAMATAN, KTP_AGAMA, KTP_STATUS, KTP_PEKERJAAN, KTP_WN,
	KTP_BERLAKU, KTP_NFIELDS
};
/* JSON names: "provinsi", "kabupaten_kota", "nik", ... */
extern const char *const ktp_field_names[KTP_NFIELDS];

/* One word as the OCR engine saw it, in card pixels. */
struct ocr_word {
	const char	*text;		/* borrowed; UTF-8 */
	int		 x0, y0, x1, y1;
	float		 conf;		/* 0..100 */
	int		 line;		/* the engine's text line, or -1 */
};

/* Where a field's value was found on the card (for a second OCR pass). */
struct ktp_box {
	int	x0, y0, x1, y1;		/* all 0 when not found */
};

struct ktp_fields {
	char		*v[KTP_NFIELDS];	/* owned; NULL when unread */
	double		 conf[KTP_NFIELDS];	/* 0..1 */
	struct ktp_box	 box[KTP_NFIELDS];
	char		 city[5];	/* PPKK of kabupaten_kota, or "" */
	int		 labels;	/* KTP labels recognised */
};

/*
 * Tie OCR words to the card's labels by position (the engine's text lines
 * when it gives them, else lines by vertical centre; values right of the
 * ':' column), then clean each value: closed
 * vocabularies snapped, dates as YYYY-MM-DD, RT/RW as NNN/NNN, provinsi,
 * kabupaten/kota, kecamatan and kelurahan snapped to the Kemendagri list.
 * Words right of photo_x are ignored (the photo and the issuing place).
 * Pure: never logs. Release with ktp_fields_free.
 */
void		 ktp_parse(const struct ocr_word *w, size_t n, int photo_x,
		    struct ktp_fields *out);
void		 ktp_fields_free(struct ktp_fields *f);

/*
 * Clean and snap the raw values of f in place (part of ktp_parse, exposed
 * for tests): vocabularies, dates, RT/RW, Kemendagri names; confidences
 * lowered by the distance snapped, halved when nothing was close.
 */
void		 ktp_clean(struct ktp_fields *f);

/*
 * Digits of a NIK read by a digit-only pass: confusable letters mapped
 * (O/D/Q->0, I/l/|->1, Z->2, S->5, G/b->6, T->7, B->8, g/q->9) and
 * everything else dropped. The caller owns the result.
 */
char		*ktp_digits(const char *s);

/*
 * Snap s to the closest of n candidates (case-insensitive, by edit
 * distance); *dist gets the distance. NULL when none is within
 * max(1, strlen(s) / 4) edits. The result points into cands.
 */
const char	*ktp_snap(const char *s, const char *const *cands, size_t n,
		    int *dist);

#endif
