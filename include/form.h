/* form.h: the registration form's identity fields from text and PDF forms. */
#ifndef PL_FORM_H
#define PL_FORM_H

#include <stddef.h>

#include "pipeline.h"

/* The canonical fields, in pl_field_names order. */
enum form_field {
	FF_NAMA = PL_F_NAMA, FF_NIK = PL_F_NIK, FF_NIP = PL_F_NIP,
	FF_PANGKAT = PL_F_PANGKAT, FF_JABATAN = PL_F_JABATAN,
	FF_UNIT_KERJA = PL_F_UNIT_KERJA, FF_INSTANSI = PL_F_INSTANSI,
	FF_EMAIL_DINAS = PL_F_EMAIL_DINAS, FF_NO_HP = PL_F_NO_HP,
};

/* Values found, one slot per field; NULL where nothing was found. */
struct form {
	struct pl_field	f[PL_NFIELDS];
};

void	form_init(struct form *fm);
void	form_free(struct form *fm);			/* frees values */
/* The field a label names ("Nama Lengkap", "E-mail Dinas"), or -1. */
int	form_label(const char *label);
/*
 * Read "Label : value" lines of UTF-8 text (a body, an HTML body as text,
 * a PDF's text). A field already set in fm is kept: call in priority
 * order. source is copied into each new value's source. Returns the number
 * of fields set. Pure.
 */
int	form_from_text(struct form *fm, const char *text, const char *source);
/* The same for one (name, value) pair, e.g. a PDF form field; 1 if set. */
int	form_from_pair(struct form *fm, const char *name, const char *value,
	    const char *source);
/*
 * Forwarded inline ("---------- Forwarded message ---------" then
 * "From: Name <addr>"): the original sender's address, or NULL. The
 * result is the caller's.
 */
char	*form_forwarded_from(const char *text);

/*
 * The text of an inline-forwarded message inside text (from its
 * "Forwarded message" / "Pesan terusan" / "Original Message" marker on),
 * or NULL when there is none. Borrowed: points into text.
 */
const char *form_forwarded_block(const char *text);

#endif
