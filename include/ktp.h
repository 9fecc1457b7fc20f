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
	char		*alt[KTP_NFIELDS];	/* owned; the reading not
						   kept by ktp_merge, or NULL */
	char		 city[5];	/* PPKK of kabupaten_kota, or "" */
	int		 labels;	/* KTP labels recognised */
};

/*
 * The rows of a card as the layout analysis sees them, before anything is
 * recognised: for reading only the values (the labels' places are known).
 */
#define KTP_ROWS	13	/* label rows: NIK, Nama, ... Berlaku Hingga */
#define KTP_MAX_ROWS	48

/* The labels as printed on those rows, with their ':'. */
extern const char *const ktp_row_labels[KTP_ROWS];

struct ktp_row {
	int	line;			/* the engine's line number */
	int	x0, y0, x1, y1;
	bool	label;			/* a word left of the value column */
	int	lx1;			/* where that label word ends */
};

struct ktp_layout {
	struct ktp_row	row[KTP_MAX_ROWS];	/* top to bottom */
	int		nrows;
	int		vx;		/* where the values begin */
	int		field[KTP_ROWS];	/* row index of each label row */
	int		head_y0, head_y1;	/* header rows; -1 when none */
	int		bottom;		/* lowest ink */
};

/*
 * Find the value column and the 13 label rows among layout words (text
 * unused; line numbers from the engine), on a card width pixels across.
 * 0 when the rows look like a KTP's: a column where at least ten values
 * start, 13 rows with a label left of it at a steady pitch, and between
 * them only wrapped values. -1 otherwise (read the card whole). Pure.
 */
int		 ktp_layout(const struct ocr_word *w, size_t n, int width,
		    struct ktp_layout *g);
/* The row whose middle is nearest the middle of y0..y1; -1 when none. */
int		 ktp_layout_row_at(const struct ktp_layout *g, int y0, int y1);

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
 * How many fields of f have their closed form after ktp_clean: a 16-digit
 * NIK, a date, RT/RW, a sex, religion, marital status, nationality and
 * validity from their lists, a region from Kemendagri's (0..10).
 */
int		 ktp_fitting(const struct ktp_fields *f);
/* Has field k of f its closed form (as ktp_fitting counts it)? */
bool		 ktp_field_fits(const struct ktp_fields *f, int k);

/*
 * Two readings of one card into f: each value of g (the same rows read
 * again) taken when it has its closed form and f's has not, or when both
 * or neither do and g's is surer. The NIK and the header stay f's. What
 * is taken moves (g's pointer set to NULL); the value not kept is moved
 * to f->alt (for checks against the NIK); release g as usual.
 */
void		 ktp_merge(struct ktp_fields *f, struct ktp_fields *g);

/*
 * Clean and snap the raw values of f in place (part of ktp_parse, exposed
 * for tests): vocabularies, dates, RT/RW, Kemendagri names; confidences
 * lowered by the distance snapped, halved when nothing was close.
 */
void		 ktp_clean(struct ktp_fields *f);

/*
 * The header a card's address implies. A card prints over its address
 * the province and kabupaten/kota the address is in; the NIK (as read)
 * names where its holder was first registered, most often the same. When
 * the kecamatan and kelurahan/desa read (raw, not yet snapped) are that
 * region's, nearly letter for letter, prov and kab get its names as cards
 * print them ("JAWA TENGAH", "KABUPATEN BATANG") and *conf how sure (the
 * address values' confidence, lowered by the edits). False when the
 * address is not there (the holder moved, or a value was misread) or the
 * region's printed name is not certain (aliases): then the header must be
 * read. Pure.
 */
bool		 ktp_region_of_address(const struct ktp_fields *f, char *prov,
		    size_t psz, char *kab, size_t ksz, double *conf);

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
