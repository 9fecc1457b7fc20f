/* classify (classify stage): document types from file names and text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

const char *const pl_doctype_names[DOC_NTYPES] = {
	"other", "surat_permohonan", "formulir_pendaftaran",
	"surat_rekomendasi", "ktp", "sk_jabatan", "formulir_perubahan_data",
};

/* Keyword rules on a normalised name, checked in order. */
struct name_rule {
	enum pl_doctype	 type;
	const char	*word;	/* " w " matches a whole token, else substring */
};

static const struct name_rule name_rules[] = {
	/* Before "formulir": the data-change form is a form too. */
	{ DOC_PERUBAHAN_DATA, "perubahan data" },
	{ DOC_PERUBAHAN_DATA, " ubah data " },
	{ DOC_KTP, "ktp" },
	{ DOC_KTP, "kartu tanda penduduk" },
	{ DOC_KTP, " kartu identitas " },
	{ DOC_REKOMENDASI, "rekomendasi" },
	{ DOC_REKOMENDASI, "rekom" },
	{ DOC_REKOMENDASI, " sr " },
	{ DOC_REKOMENDASI, " surat rek " },
	{ DOC_FORMULIR, "formulir" },
	{ DOC_FORMULIR, " form " },
	{ DOC_FORMULIR, "pendaftaran" },
	{ DOC_FORMULIR, "registrasi" },
	{ DOC_FORMULIR, " biodata " },
	{ DOC_FORMULIR, " data diri " },
	{ DOC_SK_JABATAN, "petikan" },
	{ DOC_SK_JABATAN, " sk " },
	{ DOC_SK_JABATAN, "keputusan" },
	{ DOC_SK_JABATAN, "jabatan" },
	{ DOC_SK_JABATAN, "pengangkatan" },
	{ DOC_SK_JABATAN, "pelantikan" },
	{ DOC_SK_JABATAN, " skjabatan " },
	{ DOC_SURAT_PERMOHONAN, "permohonan" },
	{ DOC_SURAT_PERMOHONAN, "mohon" },
	{ DOC_SURAT_PERMOHONAN, " sp " },
	{ DOC_SURAT_PERMOHONAN, "pengajuan" },
};

/*
 * " lower case words " of s: letters kept, digits and punctuation become
 * spaces, the extension dropped; "e-KTP" -> " e ktp ".
 */
static char *
normalise(const char *s, bool drop_ext)
{
	size_t n = strlen(s), i, o = 0;
	const char *dot = drop_ext ? strrchr(s, '.') : NULL;
	char *r = xmalloc(n + 3);

	if (dot && strlen(dot) <= 5)
		n = (size_t)(dot - s);
	r[o++] = ' ';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalpha(c))
			r[o++] = (char)tolower(c);
		else if (o > 0 && r[o - 1] != ' ')
			r[o++] = ' ';
	}
	if (r[o - 1] != ' ')
		r[o++] = ' ';
	r[o] = '\0';
	return r;
}

enum pl_doctype
classify_name(const char *name)
{
	char *norm;
	const char *hit, *best = NULL;
	size_t i;
	enum pl_doctype t = DOC_OTHER;

	if (name == NULL)
		return DOC_OTHER;
	/* The word that comes first names the file ("Surat Permohonan
	 * Pendaftaran" is a Surat Permohonan); ties go to the earlier rule. */
	norm = normalise(name, true);
	for (i = 0; i < sizeof name_rules / sizeof *name_rules; i++) {
		hit = strstr(norm, name_rules[i].word);
		if (hit && (best == NULL || hit < best)) {
			best = hit;
			t = name_rules[i].type;
		}
	}
	/* "Formulir Perubahan Data" is the data-change form, not the
	 * registration form its first word names. */
	if (strstr(norm, "perubahan data") || strstr(norm, " ubah data "))
		t = DOC_PERUBAHAN_DATA;
	free(norm);
	return t;
}

/* Titles as they open each document; the earliest one in the text wins. */
static const struct name_rule text_rules[] = {
	{ DOC_PERUBAHAN_DATA, " formulir perubahan data " },
	{ DOC_PERUBAHAN_DATA, " perubahan data " },
	{ DOC_FORMULIR, " formulir pendaftaran " },
	{ DOC_FORMULIR, " formulir permohonan " },
	{ DOC_FORMULIR, " formulir " },
	{ DOC_REKOMENDASI, " surat rekomendasi " },
	{ DOC_REKOMENDASI, " rekomendasi " },
	{ DOC_SK_JABATAN, " petikan " },
	{ DOC_SK_JABATAN, " keputusan " },
	{ DOC_SURAT_PERMOHONAN, " surat permohonan " },
	{ DOC_SURAT_PERMOHONAN, " permohonan " },
	{ DOC_KTP, " kartu tanda penduduk " },
	{ DOC_KTP, " gol darah " },
};

enum pl_doctype
classify_text(const char *text)
{
	char head[4096], *norm;
	const char *hit, *best = NULL;
	enum pl_doctype t = DOC_OTHER;
	size_t i, n;

	if (text == NULL)
		return DOC_OTHER;
	/* Titles come first: look at the opening of the document only. */
	n = strnlen(text, sizeof head - 1);
	memcpy(head, text, n);
	head[n] = '\0';
	norm = normalise(head, false);
	for (i = 0; i < sizeof text_rules / sizeof *text_rules; i++) {
		hit = strstr(norm, text_rules[i].word);
		if (hit && (best == NULL || hit < best)) {
			best = hit;
			t = text_rules[i].type;
		}
	}
	/* An OCR'd card has no title but its labels. */
	if (t == DOC_OTHER && strstr(norm, " nik ") && (strstr(norm,
	    " jenis kelamin ") || strstr(norm, " gol darah ") ||
	    strstr(norm, " kewarganegaraan ")))
		t = DOC_KTP;
	free(norm);
	return t;
}

enum pl_doctype
classify_parse(const char *name)
{
	int i;

	for (i = 0; i < DOC_NTYPES; i++)
		if (strcmp(name, pl_doctype_names[i]) == 0)
			return (enum pl_doctype)i;
	return DOC_NTYPES;
}
