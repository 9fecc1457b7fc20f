/* ktp_parse (extract stage): OCR words on a KTP to its fields; pure. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ktp.h"
#include "util.h"
#include "wilayah.h"
#include "xmem.h"

#define MAX_LINES	64
#define MAX_CANDS	512

const char *const ktp_field_names[KTP_NFIELDS] = {
	"provinsi", "kabupaten_kota", "nik", "nama", "tempat_lahir",
	"tanggal_lahir", "jenis_kelamin", "golongan_darah", "alamat", "rt_rw",
	"kelurahan_desa", "kecamatan", "agama", "status_perkawinan",
	"pekerjaan", "kewarganegaraan", "berlaku_hingga",
};

/* Labels as printed, letters only, lower case; the field they open. */
static const struct {
	const char	*label;
	int		 field;		/* -1: Tempat/Tgl Lahir (two fields) */
} labels[] = {
	{ "nik", KTP_NIK }, { "nama", KTP_NAMA },
	{ "tempattgllahir", -1 }, { "jeniskelamin", KTP_JK },
	{ "goldarah", KTP_GOLDAR }, { "alamat", KTP_ALAMAT },
	{ "rtrw", KTP_RTRW }, { "keldesa", KTP_KELDESA },
	{ "kecamatan", KTP_KECAMATAN }, { "agama", KTP_AGAMA },
	{ "statusperkawinan", KTP_STATUS }, { "pekerjaan", KTP_PEKERJAAN },
	{ "kewarganegaraan", KTP_WN }, { "berlakuhingga", KTP_BERLAKU },
};
#define NLABELS ((int)(sizeof labels / sizeof *labels))

struct line {
	const struct ocr_word	*w[48];	/* borrowed; left to right */
	size_t			 n;
	int			 y0, y1;
};

static int
levenshtein(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j;
	int row[128], prev, tmp, best;

	if (m >= 128)
		m = 127;
	for (j = 0; j <= m; j++)
		row[j] = (int)j;
	for (i = 1; i <= n; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (j = 1; j <= m; j++) {
			tmp = row[j];
			best = prev + (toupper((unsigned char)a[i - 1]) !=
			    toupper((unsigned char)b[j - 1]));
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[m];
}

const char *
ktp_snap(const char *s, const char *const *cands, size_t n, int *dist)
{
	const char *best = NULL;
	int d, bd = 1 << 20, max;
	size_t i;

	for (i = 0; i < n; i++) {
		d = levenshtein(s, cands[i]);
		if (d < bd) {
			bd = d;
			best = cands[i];
		}
	}
	max = (int)strlen(s) / 4;
	if (max < 1)
		max = 1;
	if (dist)
		*dist = bd;
	return bd <= max ? best : NULL;
}

char *
ktp_digits(const char *s)
{
	static const char from[] = "ODQoIl|iLZzSsGbTBgq";
	static const char to[] = "0000111112255667899";
	struct buf b;
	const char *k;

	buf_init(&b, 64);
	for (; s && *s; s++) {
		if (isdigit((unsigned char)*s))
			buf_addc(&b, *s);
		else if ((k = strchr(from, *s)) != NULL)
			buf_addc(&b, to[k - from]);
	}
	return buf_steal(&b, NULL);
}

/* The line word i belongs to: the engine's, or by vertical centre. */
static size_t
line_of(const struct ocr_word *w, size_t i, struct line *lines, size_t nl,
    const int *ids)
{
	size_t k;
	int yc = (w[i].y0 + w[i].y1) / 2, lc;

	for (k = 0; k < nl; k++) {
		if (w[i].line >= 0) {
			if (ids[k] == w[i].line)
				break;
			continue;
		}
		lc = (lines[k].y0 + lines[k].y1) / 2;
		if (abs(yc - lc) * 2 < lines[k].y1 - lines[k].y0)
			break;
	}
	return k;
}

/* Words (left of the photo) into lines, each left to right. */
static size_t
make_lines(const struct ocr_word *w, size_t n, int photo_x,
    struct line *lines)
{
	int ids[MAX_LINES];
	size_t nl = 0, i, k, j;

	for (i = 0; i < n; i++) {
		if (w[i].x0 >= photo_x || w[i].text == NULL || !*w[i].text)
			continue;
		k = line_of(w, i, lines, nl, ids);
		if (k == nl) {
			if (nl == MAX_LINES)
				continue;
			memset(&lines[nl], 0, sizeof lines[nl]);
			ids[nl] = w[i].line;
			lines[nl].y0 = w[i].y0;
			lines[nl++].y1 = w[i].y1;
		}
		if (w[i].y0 < lines[k].y0)
			lines[k].y0 = w[i].y0;
		if (lines[k].n == sizeof lines[k].w / sizeof *lines[k].w)
			continue;
		/* Insert sorted by x. */
		for (j = lines[k].n; j > 0 && lines[k].w[j - 1]->x0 > w[i].x0;
		    j--)
			lines[k].w[j] = lines[k].w[j - 1];
		lines[k].w[j] = &w[i];
		lines[k].n++;
	}
	/* Lines top to bottom. */
	for (i = 1; i < nl; i++)
		for (j = i; j > 0 && lines[j - 1].y0 > lines[j].y0; j--) {
			struct line t = lines[j];

			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	return nl;
}

/* Letters of s, lower case, appended to out (size bounded). */
static void
letters(const char *s, char *out, size_t size)
{
	size_t o = strlen(out);

	for (; *s && o + 1 < size; s++)
		if (isalpha((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
	out[o] = '\0';
}

/*
 * Edits a label may be off by: a quarter of it, at least one; two for a
 * short label read with its first letter right and about its length
 * ("narna" for "nama": "rn" for "m" is the commonest OCR slip).
 */
static int
label_slack(const char *read, const char *label)
{
	int n = (int)strlen(label), m = (int)strlen(read);

	/* Two only at about the label's length: "NO." is no "Nama". */
	if (n >= 4 && n <= 8 && read[0] == label[0] && abs(m - n) <= 1)
		return n / 4 > 2 ? n / 4 : 2;
	return n / 4 > 1 ? n / 4 : 1;
}

/*
 * Find a label starting at word i of line l: up to 3 words joined; sets
 * *after to the first value word. Returns the label index or -1.
 */
static int
find_label(const struct line *l, size_t i, size_t *after)
{
	char joined[64] = "";
	int k, best = -1, d, bd = 100;
	size_t j, end = 0;

	for (j = i; j < l->n && j < i + 3; j++) {
		/* No label holds a digit: "NO. 145 A" is a wrapped value. */
		if (strpbrk(l->w[j]->text, "0123456789") != NULL)
			break;
		letters(l->w[j]->text, joined, sizeof joined);
		for (k = 0; k < NLABELS; k++) {
			d = levenshtein(joined, labels[k].label);
			if (d <= label_slack(joined, labels[k].label) && d < bd) {
				bd = d;
				best = k;
				end = j + 1;
			}
		}
		if (strchr(l->w[j]->text, ':') != NULL)
			break;
	}
	if (best < 0)
		return -1;
	/* Skip a separate ':' word. */
	while (end < l->n && strspn(l->w[end]->text, ":;.") ==
	    strlen(l->w[end]->text))
		end++;
	*after = end;
	return best;
}

/* Join words [a, b) of a line, dropping a leading ':' (and with colon,
 * what the ':' column was misread as: not on a wrapped line, which has no
 * column, and whose "I" is a gang's numeral). */
static char *
join(const struct line *l, size_t a, size_t b, bool colon, double *conf,
    struct ktp_box *box)
{
	struct buf s;
	const char *t;
	double sum = 0;
	size_t i, k = 0;

	*conf = 0;
	buf_init(&s, 1024);
	memset(box, 0, sizeof *box);
	for (i = a; i < b; i++) {
		t = l->w[i]->text;
		if (s.len == 0)
			while (*t == ':' || *t == ';' || *t == ' ')
				t++;
		/* The ':' column misread as "1", "2", "i" or "|" before a value. */
		if (colon && s.len == 0 && i + 1 < b && (strlen(t) == 1 ||
		    (strlen(t) == 2 && t[1] == '.')) &&
		    strchr(":;|!12iIl", *t) != NULL)
			continue;
		/* A wide gap ends the value: what follows is the photo column. */
		if (k > 0 && l->w[i]->x0 - l->w[i - 1]->x1 >
		    3 * (l->w[i]->y1 - l->w[i]->y0))
			break;
		if (*t == '\0')
			continue;
		if (s.len)
			buf_addc(&s, ' ');
		buf_adds(&s, t);
		sum += l->w[i]->conf;
		if (k++ == 0) {
			box->x0 = l->w[i]->x0;
			box->y0 = l->w[i]->y0;
			box->y1 = l->w[i]->y1;
		}
		box->x1 = l->w[i]->x1;
		if (l->w[i]->y0 < box->y0)
			box->y0 = l->w[i]->y0;
		if (l->w[i]->y1 > box->y1)
			box->y1 = l->w[i]->y1;
	}
	*conf = k ? sum / k / 100.0 : 0;
	return buf_steal(&s, NULL);
}

/* Words in a value as joined (one space between them). */
static int
words_in(const char *v)
{
	int n = *v != '\0';

	for (; *v; v++)
		n += *v == ' ';
	return n;
}

/*
 * The confidence of a value and its wrapped line together: the mean over
 * all their words, as for one line. (A wrapped line read badly must lower
 * the value's, or nobody would look at it.)
 */
static double
wrapped_conf(const char *v, double c, const char *more, double cm)
{
	int a = words_in(v), b = words_in(more);

	return a + b ? (c * a + cm * b) / (a + b) : c;
}

static void
set(struct ktp_fields *f, int k, char *v, double conf,
    const struct ktp_box *box)
{
	if (k < 0 || k >= KTP_NFIELDS || f->v[k] != NULL || v == NULL ||
	    *v == '\0') {
		free(v);
		return;
	}
	str_trim(v);
	f->v[k] = v;
	f->conf[k] = conf;
	if (box)
		f->box[k] = *box;
}

/* A label line: its value, with "Gol. Darah" split off the sex line. */
static void
label_line(struct ktp_fields *f, const struct line *l, int lab,
    size_t after)
{
	struct ktp_box box;
	size_t j, a2;
	double conf;
	char *v;
	int lab2;

	for (j = after; j < l->n; j++)
		if ((lab2 = find_label(l, j, &a2)) >= 0 &&
		    labels[lab2].field == KTP_GOLDAR)
			break;
	if (j < l->n) {
		v = join(l, a2, l->n, true, &conf, &box);
		set(f, KTP_GOLDAR, v, conf, &box);
	}
	v = join(l, after, j, true, &conf, &box);
	set(f, labels[lab].field < 0 ? KTP_TEMPAT : labels[lab].field, v,
	    conf, &box);
	f->labels++;
}

/* Header lines above the NIK: "PROVINSI X", then "KOTA Y"/"KABUPATEN Y". */
static void
header_line(struct ktp_fields *f, const struct line *l)
{
	struct ktp_box box;
	double conf;
	char first[32] = "", *v;
	size_t from = 0;

	if (f->v[KTP_PROVINSI] == NULL) {
		/* Drop the word PROVINSI, however the OCR spelled it. */
		letters(l->w[0]->text, first, sizeof first);
		if (l->n > 1 && levenshtein(first, "provinsi") <= 2)
			from = 1;
		v = join(l, from, l->n, true, &conf, &box);
		/* ... or glued to the name ("PROVINSIJAWA TENGAH"). */
		if (from == 0 && strlen(first) >= 11 && strlen(v) > 8 &&
		    (first[8] = '\0', levenshtein(first, "provinsi") <= 1) &&
		    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") >= 11)
			memmove(v, v + 8, strlen(v + 8) + 1);
		set(f, KTP_PROVINSI, v, conf, &box);
	} else {
		v = join(l, 0, l->n, true, &conf, &box);
		set(f, KTP_KABKOTA, v, conf, &box);
	}
}

/*
 * Is line l the second line of a long name? It starts in the value column
 * (not left of where the name began) and is letters, dots, commas and
 * apostrophes only: a stray mark or the next field's text is not.
 */
static bool
name_continues(const struct line *l, const struct ktp_box *name)
{
	size_t i;
	const char *t;
	int h;

	if (l->n == 0 || name->x1 == 0)
		return false;
	h = name->y1 - name->y0;
	if (l->w[0]->x0 < name->x0 - h || l->w[0]->y0 > name->y1 + 2 * h)
		return false;
	for (i = 0; i < l->n; i++)
		for (t = l->w[i]->text; *t; t++)
			if (!isalpha((unsigned char)*t) && !strchr(".,'-", *t))
				return false;
	return true;
}

static void
upper(char *s)
{
	for (; s && *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

void
ktp_parse(const struct ocr_word *w, size_t n, int photo_x,
    struct ktp_fields *out)
{
	struct line *lines = xcalloc(MAX_LINES, sizeof *lines);
	size_t nl, i, after;
	int lab, last = -1;
	bool seen_nik = false;

	memset(out, 0, sizeof *out);
	nl = make_lines(w, n, photo_x, lines);
	for (i = 0; i < nl; i++) {
		lab = lines[i].n ? find_label(&lines[i], 0, &after) : -1;
		if (lab >= 0) {
			if (labels[lab].field == KTP_NIK)
				seen_nik = true;
			label_line(out, &lines[i], lab, after);
			last = labels[lab].field;
		} else if (!seen_nik)
			header_line(out, &lines[i]);
		else if (last == KTP_NAMA && out->v[KTP_NAMA] &&
		    name_continues(&lines[i], &out->box[KTP_NAMA])) {
			/* A long name wraps under its value, too. */
			struct ktp_box box;
			double conf;
			char *more = join(&lines[i], 0, lines[i].n, false, &conf,
			    &box);
			char *both = xasprintf("%s %s", out->v[KTP_NAMA], more);

			out->conf[KTP_NAMA] = wrapped_conf(out->v[KTP_NAMA],
			    out->conf[KTP_NAMA], more, conf);
			free(out->v[KTP_NAMA]);
			free(more);
			out->v[KTP_NAMA] = both;
			last = -1;	/* a name wraps once at most */
		} else if (last == KTP_ALAMAT && out->v[KTP_ALAMAT]) {
			/* A long address wraps under its value. */
			struct ktp_box box;
			double conf;
			char *more = join(&lines[i], 0, lines[i].n, false, &conf,
			    &box);
			char *both = xasprintf("%s %s", out->v[KTP_ALAMAT], more);

			out->conf[KTP_ALAMAT] = wrapped_conf(out->v[KTP_ALAMAT],
			    out->conf[KTP_ALAMAT], more, conf);
			free(out->v[KTP_ALAMAT]);
			free(more);
			out->v[KTP_ALAMAT] = both;
		}
	}
	for (i = 0; i < KTP_NFIELDS; i++)
		upper(out->v[i]);
	ktp_clean(out);
	free(lines);
}

void
ktp_fields_free(struct ktp_fields *f)
{
	int i;

	for (i = 0; i < KTP_NFIELDS; i++) {
		free(f->v[i]);
		free(f->alt[i]);
		f->v[i] = f->alt[i] = NULL;
	}
}
