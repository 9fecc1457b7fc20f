/* form (extract stage): "Label : value" identity fields, labels fuzzy. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "mime.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

const char *const pl_field_names[PL_NFIELDS] = {
	"nama", "nik", "nip", "pangkat_golongan", "jabatan", "unit_kerja",
	"instansi", "email_dinas", "no_hp",
};

/* Labels after normalising (lower case, letters and single spaces). */
static const struct {
	const char	*label;
	int		 field;
} labels[] = {
	{ "nama", FF_NAMA }, { "nama lengkap", FF_NAMA },
	{ "nama pemohon", FF_NAMA }, { "nama lengkap dan gelar", FF_NAMA },
	{ "nama pegawai", FF_NAMA }, { "name", FF_NAMA },
	{ "nik", FF_NIK }, { "no nik", FF_NIK }, { "nomor nik", FF_NIK },
	{ "nomor induk kependudukan", FF_NIK }, { "no ktp", FF_NIK },
	{ "nomor ktp", FF_NIK }, { "nik ktp", FF_NIK },
	{ "nip", FF_NIP }, { "no nip", FF_NIP }, { "nomor nip", FF_NIP },
	{ "nomor induk pegawai", FF_NIP }, { "nip nrp", FF_NIP },
	{ "pangkat golongan", FF_PANGKAT }, { "pangkat gol", FF_PANGKAT },
	{ "pangkat", FF_PANGKAT }, { "golongan", FF_PANGKAT },
	{ "pangkat gol ruang", FF_PANGKAT }, { "gol ruang", FF_PANGKAT },
	{ "pangkat golongan ruang", FF_PANGKAT },
	{ "jabatan", FF_JABATAN }, { "nama jabatan", FF_JABATAN },
	{ "jabatan terakhir", FF_JABATAN },
	{ "unit kerja", FF_UNIT_KERJA }, { "unit organisasi", FF_UNIT_KERJA },
	{ "satuan kerja", FF_UNIT_KERJA }, { "satker", FF_UNIT_KERJA },
	{ "opd", FF_UNIT_KERJA }, { "perangkat daerah", FF_UNIT_KERJA },
	{ "unit", FF_UNIT_KERJA },
	{ "instansi", FF_INSTANSI }, { "nama instansi", FF_INSTANSI },
	{ "asal instansi", FF_INSTANSI },
	{ "email", FF_EMAIL_DINAS }, { "e mail", FF_EMAIL_DINAS },
	{ "email dinas", FF_EMAIL_DINAS }, { "e mail dinas", FF_EMAIL_DINAS },
	{ "alamat email", FF_EMAIL_DINAS }, { "alamat e mail", FF_EMAIL_DINAS },
	{ "surel", FF_EMAIL_DINAS }, { "email resmi", FF_EMAIL_DINAS },
	{ "alamat email dinas", FF_EMAIL_DINAS },
	{ "alamat e mail dinas", FF_EMAIL_DINAS },
	{ "no hp", FF_NO_HP }, { "nomor hp", FF_NO_HP }, { "hp", FF_NO_HP },
	{ "no telp", FF_NO_HP }, { "no telepon", FF_NO_HP },
	{ "telepon", FF_NO_HP }, { "nomor telepon", FF_NO_HP },
	{ "telp", FF_NO_HP }, { "no hp wa", FF_NO_HP }, { "whatsapp", FF_NO_HP },
	{ "no wa", FF_NO_HP }, { "nomor whatsapp", FF_NO_HP },
	{ "no handphone", FF_NO_HP }, { "handphone", FF_NO_HP },
	{ "nomor handphone", FF_NO_HP }, { "no hp whatsapp", FF_NO_HP },
};

void
form_init(struct form *fm)
{
	int i;

	memset(fm, 0, sizeof *fm);
	for (i = 0; i < PL_NFIELDS; i++)
		fm->f[i].name = pl_field_names[i];
}

void
form_free(struct form *fm)
{
	int i;

	for (i = 0; i < PL_NFIELDS; i++) {
		free(fm->f[i].value);
		free(fm->f[i].source);
		fm->f[i].value = fm->f[i].source = NULL;
	}
}

/*
 * Normalise a label: drop "(...)", leading list numbers ("1.", "a."),
 * keep letters; "E-mail Dinas (go.id)" -> "e mail dinas".
 */
static void
label_norm(const char *s, char *out, size_t size)
{
	size_t o = 0;
	int paren = 0;

	while (*s == ' ' || *s == '\t' || *s == '>' || *s == '*' ||
	    *s == '-' || isdigit((unsigned char)*s) || *s == '.' || *s == ')')
		s++;
	if (isalpha((unsigned char)s[0]) && (s[1] == '.' || s[1] == ')') &&
	    s[2] == ' ')
		s += 2;
	for (; *s && o + 2 < size; s++) {
		if (*s == '(')
			paren++;
		else if (*s == ')' && paren > 0)
			paren--;
		else if (paren == 0 && isalpha((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
		else if (paren == 0 && o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

int
form_label(const char *label)
{
	char norm[128];
	size_t i;

	if (strlen(label) > 60)
		return -1;
	label_norm(label, norm, sizeof norm);
	for (i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(norm, labels[i].label) == 0)
			return labels[i].field;
	return -1;
}

/* Digits only, when the value is digits with spaces, dots or dashes. */
static void
digits_only(char *v)
{
	char *r, *w;

	for (r = v; *r; r++)
		if (!isdigit((unsigned char)*r) && *r != ' ' && *r != '.' &&
		    *r != '-')
			return;
	for (r = w = v; *r; r++)
		if (isdigit((unsigned char)*r))
			*w++ = *r;
	*w = '\0';
}

/* Clean a raw value for field f; NULL when nothing usable is left. */
static char *
value_clean(int f, const char *raw, size_t n)
{
	char *v, *name = NULL, *email = NULL;

	if (n > PL_MAX_FIELD)
		return NULL;
	v = utf8_clean(raw, n, false);
	str_trim(v);
	str_squeeze(v);
	if (f == FF_NIK || f == FF_NIP)
		digits_only(v);
	if (f == FF_EMAIL_DINAS) {
		if (mime_addr(v, &name, &email) == 0) {
			free(v);
			v = email;
		} else
			*v = '\0';
		free(name);
	}
	/* An empty value, or only punctuation, is no value. */
	if (*v == '\0' || strspn(v, " .-_:;/") == strlen(v)) {
		free(v);
		return NULL;
	}
	return v;
}

static int
set_field(struct form *fm, int f, const char *raw, size_t n,
    const char *source)
{
	char *v;

	if (f < 0 || fm->f[f].value != NULL)
		return 0;
	if ((v = value_clean(f, raw, n)) == NULL)
		return 0;
	fm->f[f].value = v;
	fm->f[f].source = xstrdup(source);
	return 1;
}

/* One line "label : value" (or "label\tvalue"); 1 when a field was set. */
static int
form_line(struct form *fm, const char *p, size_t n, const char *source)
{
	const char *sep = memchr(p, ':', n);
	char label[128];
	size_t ln;
	int f;

	if (sep == NULL)
		sep = memchr(p, '\t', n);
	if (sep == NULL || (size_t)(sep - p) >= sizeof label)
		return 0;
	ln = (size_t)(sep - p);
	memcpy(label, p, ln);
	label[ln] = '\0';
	if ((f = form_label(label)) < 0)
		return 0;
	sep++;
	/* "Nama : : Budi" from a table whose label cell ends in ':'. */
	while (sep < p + n && (*sep == ' ' || *sep == ':' || *sep == '\t'))
		sep++;
	return set_field(fm, f, sep, (size_t)(p + n - sep), source);
}

int
form_from_text(struct form *fm, const char *text, const char *source)
{
	const char *p = text, *nl;
	size_t n;
	int set = 0;

	if (text == NULL)
		return 0;
	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		/* Quoted lines ("> Nama : ...") are someone else's text. */
		if (n <= PL_MAX_FIELD + 64 && *p != '>')
			set += form_line(fm, p, n, source);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return set;
}

int
form_from_pair(struct form *fm, const char *name, const char *value,
    const char *source)
{
	char label[128];
	const char *dot = strrchr(name, '.');
	size_t i;
	int f;

	/* "form1.nama_lengkap" -> "nama lengkap". */
	snprintf(label, sizeof label, "%s", dot ? dot + 1 : name);
	for (i = 0; label[i]; i++)
		if (label[i] == '_')
			label[i] = ' ';
	f = form_label(label);
	return set_field(fm, f, value, strlen(value), source);
}

const char *
form_forwarded_block(const char *text)
{
	const char *fw;

	if (text == NULL)
		return NULL;
	fw = str_casestr(text, "forwarded message");
	if (fw == NULL)
		fw = str_casestr(text, "pesan terusan");
	if (fw == NULL)
		fw = str_casestr(text, "original message");
	return fw;
}

char *
form_forwarded_from(const char *text)
{
	const char *fw = form_forwarded_block(text), *from, *nl;
	char *line, *name = NULL, *email = NULL;

	if (fw == NULL)
		return NULL;
	from = str_casestr(fw, "\nfrom:");
	if (from == NULL)
		from = str_casestr(fw, "\ndari:");
	if (from == NULL || from - fw > 400)
		return NULL;
	from = strchr(from, ':') + 1;
	nl = strchr(from, '\n');
	line = xstrndup(from, nl ? (size_t)(nl - from) : strlen(from));
	if (mime_addr(str_trim(line), &name, &email) == -1)
		email = NULL;
	free(name);
	free(line);
	return email;
}
