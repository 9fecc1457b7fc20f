/*
 * test_ktp_parse: OCR words of an e-KTP to its fields (positions, labels,
 * OCR noise, cleaning and Kemendagri snapping), ktp_digits and ktp_snap.
 *
 * The cards are built by hand as an OCR engine reports a KTP scanned at
 * 1000 px wide: header lines centred at x 300, labels at x 30, the ':'
 * column at x 240, values from x 260, the photo from x 720.
 */
#include <math.h>

#include "testlib.h"

#include "ktp.h"

#define PHOTO_X		720
#define MAX_WORDS	512
#define MAX_SPECS	40

/* One printed line: a label, its ':' and a value; label NULL: header. */
struct spec {
	const char	*label, *sep, *value;
};

/* A word placed by hand (the photo column): text, x, spec line. */
struct extra {
	const char	*text;
	int		 x0, line;
};

struct card {
	struct ocr_word	 w[MAX_WORDS];
	size_t		 n;
	char		*bufs[3 * MAX_SPECS];
	size_t		 nbufs;
};

static void
put(struct card *c, const char *text, int x0, int cw, int y0, int h,
    int line, float conf)
{
	struct ocr_word *w;

	assert_true(c->n < MAX_WORDS);
	w = &c->w[c->n++];
	w->text = text;
	w->x0 = x0;
	w->x1 = x0 + cw * (int)strlen(text);
	w->y0 = y0;
	w->y1 = y0 + h;
	w->conf = conf;
	w->line = line;
}

/* Words of s (space-separated) from x, cw pixels a character; next x. */
static int
words(struct card *c, const char *s, int x, int cw, int y0, int h, int line,
    float conf)
{
	char *copy, *tok, *save = NULL;

	if (s == NULL || *s == '\0')
		return x;
	assert_true(c->nbufs < TL_NELEM(c->bufs));
	copy = strdup(s);
	assert_non_null(copy);
	c->bufs[c->nbufs++] = copy;
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save)) {
		put(c, tok, x, cw, y0, h, line, conf);
		x += cw * (int)strlen(tok) + 12;
	}
	return x;
}

/* Line i's top edge. */
static int
line_y(const struct spec *s, int i)
{
	int k, y = 15;

	for (k = 0; k < i; k++)
		y += s[k].label == NULL ? 37 : 32;
	return y;
}

/*
 * Lay out a card: every word with the engine's line index (or -1), then
 * the extra words. conf is the confidence of every word.
 */
static void
build(struct card *c, const struct spec *s, size_t ns,
    const struct extra *ex, size_t nex, bool ids, float conf)
{
	size_t i;
	int y, h, id;

	memset(c, 0, sizeof *c);
	for (i = 0; i < ns; i++) {
		y = line_y(s, (int)i);
		id = ids ? (int)i : -1;
		if (s[i].label == NULL) {
			h = 30;
			words(c, s[i].value, 300, 18, y, h, id, conf);
			continue;
		}
		h = 22;
		words(c, s[i].label, 30, 10, y, h, id, conf);
		words(c, s[i].sep, 240, 6, y, h, id, conf);
		words(c, s[i].value, 260, 15, y, h, id, conf);
	}
	for (i = 0; i < nex; i++)
		put(c, ex[i].text, ex[i].x0, 15, line_y(s, ex[i].line), 22,
		    ids ? ex[i].line : -1, conf);
}

static void
card_free(struct card *c)
{
	size_t i;

	for (i = 0; i < c->nbufs; i++)
		free(c->bufs[i]);
	c->nbufs = 0;
}

/* A fixed permutation of the words (the engine's order is no order). */
static void
shuffle(struct card *c, unsigned seed)
{
	struct ocr_word t;
	size_t i, j;

	for (i = c->n; i > 1; i--) {
		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % i;
		t = c->w[i - 1];
		c->w[i - 1] = c->w[j];
		c->w[j] = t;
	}
}

/* A card scanned askew: y drifts by per_mille of x. */
static void
skew(struct card *c, int per_mille)
{
	size_t i;
	int d;

	for (i = 0; i < c->n; i++) {
		d = c->w[i].x0 * per_mille / 1000;
		c->w[i].y0 += d;
		c->w[i].y1 += d;
	}
}

/* --------------------------------------------------------- whole cards */

static const struct spec clean_card[] = {
	{ NULL, NULL, "PROVINSI JAWA TENGAH" },
	{ NULL, NULL, "KOTA PEKALONGAN" },
	{ "NIK", ":", "3375011203850001" },
	{ "Nama", ":", "BUDI SANTOSO WIBOWO PRASETYO" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-03-1985" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI Gol. Darah : O" },
	{ "Alamat", ":", "JL. JENDERAL SUDIRMAN GG. MAWAR" },
	{ "", "", "I NO. 5" },		/* the address wraps: gang I */
	{ "RT/RW", ":", "003/007" },
	{ "Kel/Desa", ":", "PODOSUGIH" },
	{ "Kecamatan", ":", "PEKALONGAN BARAT" },
	{ "Agama", ":", "ISLAM" },
	{ "Status Perkawinan", ":", "KAWIN" },
	{ "Pekerjaan", ":", "PEGAWAI NEGERI SIPIL (PNS)" },
	{ "Kewarganegaraan", ":", "WNI" },
	{ "Berlaku Hingga", ":", "SEUMUR HIDUP" },
};

/* The same card as a poor scan reads it. */
static const struct spec noisy_card[] = {
	{ NULL, NULL, "PR0VINSI JAWA TENGAH" },
	{ NULL, NULL, "KOTA PEKALONGAN" },
	{ "NIK", ":", "3375011203850001" },
	{ "Narna", "1", "BUDI Santoso WIBOWO PRASETYO" },
	{ "Tempat/TglLahir", ":", "PEKALONGAN, 12-O3-1985" },
	{ "Jenis Kelamin", "i", "LAKl-LAKI Gol. Darah : 0" },
	{ "Alamat", ":", "JL JENDERAL SUDIRMAN GG MAWAR" },
	{ "", "", "I NO, 5" },
	{ "RT/RW", ":", "003/OO7" },
	{ "Kel/Dcsa", ":", "PODOSUGlH" },
	{ "Kecamatan", ":", "PEKALONGAN BARA" },
	{ "Agama", "i", "ISLAM." },
	{ "Status Perkawinan", ":", "KAWlN" },
	{ "Pekerjaan", ":", "PEGAWAI NEGERI SlPIL (PNS)" },
	{ "Kewarganegaraan", ":", "WNl" },
	{ "Berlaku Hingga", ":", "SEUMUR HIDUR" },
};

/* Right of the photo edge: the photo's OCR noise, place and date issued. */
static const struct extra photo_words[] = {
	{ "HUTOMO", 724, 3 },	/* 53 px after the name: no gap rule */
	{ "ZZ", 900, 11 },
	{ "PEKALONGAN", 760, 14 },
	{ "21-11-2019", 770, 15 },
};

static const char *const card_want[KTP_NFIELDS] = {
	[KTP_PROVINSI] = "JAWA TENGAH",
	[KTP_KABKOTA] = "KOTA PEKALONGAN",
	[KTP_NIK] = "3375011203850001",
	[KTP_NAMA] = "BUDI SANTOSO WIBOWO PRASETYO",
	[KTP_TEMPAT] = "PEKALONGAN",
	[KTP_TANGGAL] = "1985-03-12",
	[KTP_JK] = "LAKI-LAKI",
	[KTP_GOLDAR] = "O",
	[KTP_ALAMAT] = "JL. JENDERAL SUDIRMAN GG. MAWAR I NO. 5",
	[KTP_RTRW] = "003/007",
	[KTP_KELDESA] = "PODOSUGIH",
	[KTP_KECAMATAN] = "PEKALONGAN BARAT",
	[KTP_AGAMA] = "ISLAM",
	[KTP_STATUS] = "KAWIN",
	[KTP_PEKERJAAN] = "PEGAWAI NEGERI SIPIL (PNS)",
	[KTP_WN] = "WNI",
	[KTP_BERLAKU] = "SEUMUR HIDUP",
};

static const struct {
	const char	*what;
	bool		 noisy, ids;
	unsigned	 shuffle;	/* 0: the engine's reading order */
	int		 skew;		/* per mille */
} variants[] = {
	{ "clean, in order, no line ids", false, false, 0, 0 },
	{ "clean, in order, line ids", false, true, 0, 0 },
	{ "clean, shuffled, no line ids", false, false, 7, 0 },
	{ "clean, shuffled, line ids", false, true, 11, 0 },
	{ "clean, shuffled, skewed 1.5%, line ids", false, true, 13, 15 },
	{ "clean, shuffled, skewed -1.5%, line ids", false, true, 17, -15 },
	{ "clean, shuffled, skewed 4%, line ids", false, true, 31, 40 },
	{ "clean, skewed 1%, no line ids", false, false, 0, 10 },
	{ "noisy, in order, line ids", true, true, 0, 0 },
	{ "noisy, in order, no line ids", true, false, 0, 0 },
	{ "noisy, shuffled, no line ids", true, false, 19, 0 },
	{ "noisy, shuffled, skewed 1.5%, line ids", true, true, 23, 15 },
	{ "noisy, shuffled, skewed -1.5%, line ids", true, true, 29, -15 },
	{ "noisy, shuffled, skewed -4%, line ids", true, true, 37, -40 },
};

/* Every field of one reading of the card, with sane confidences, boxes. */
static void
card_fields(size_t i, const char *what, const struct ktp_fields *f)
{
	int k;
	bool header;

	for (k = 0; k < KTP_NFIELDS; k++) {
		tl_str(ktp_field_names[k], i, what, f->v[k], card_want[k]);
		if (f->v[k] == NULL)
			continue;
		if (f->conf[k] <= 0 || f->conf[k] > 1)
			tl_fail("row %zu (%s): conf[%s] %g", i, what,
			    ktp_field_names[k], f->conf[k]);
		header = k == KTP_PROVINSI || k == KTP_KABKOTA;
		if (!header && (f->box[k].x0 < 260 || f->box[k].x1 > PHOTO_X ||
		    f->box[k].x1 <= f->box[k].x0))
			tl_fail("row %zu (%s): box[%s] x %d-%d", i, what,
			    ktp_field_names[k], f->box[k].x0, f->box[k].x1);
	}
	tl_str("city", i, what, f->city, "3375");
	if (f->labels < 13)
		tl_fail("row %zu (%s): %d labels", i, what, f->labels);
}

static void
test_ktp_parse_cards(void **state)
{
	struct card c;
	struct ktp_fields f;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(variants); i++) {
		build(&c, variants[i].noisy ? noisy_card : clean_card,
		    TL_NELEM(clean_card), photo_words, TL_NELEM(photo_words),
		    variants[i].ids, variants[i].noisy ? 60.0f : 90.0f);
		if (variants[i].skew)
			skew(&c, variants[i].skew);
		if (variants[i].shuffle)
			shuffle(&c, variants[i].shuffle);
		ktp_parse(c.w, c.n, PHOTO_X, &f);
		card_fields(i, variants[i].what, &f);
		ktp_fields_free(&f);
		card_free(&c);
	}
	TL_END();
}

/* Confidence is the words', lowered by snapping; boxes are the values'. */
static void
test_ktp_parse_conf_box(void **state)
{
	struct spec bad[TL_NELEM(clean_card)];
	struct card c;
	struct ktp_fields f;
	size_t i, hit;

	(void)state;
	build(&c, clean_card, TL_NELEM(clean_card), photo_words,
	    TL_NELEM(photo_words), true, 90.0f);
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	assert_string_equal(f.v[KTP_NIK], "3375011203850001");
	assert_true(fabs(f.conf[KTP_NIK] - 0.9) < 1e-6);
	assert_true(fabs(f.conf[KTP_NAMA] - 0.9) < 1e-6);
	/* The NIK's box is its value, right of the ':' column. */
	assert_int_equal(f.box[KTP_NIK].x0, 260);
	assert_int_equal(f.box[KTP_NIK].x1, 260 + 16 * 15);
	assert_int_equal(f.box[KTP_NIK].y0, line_y(clean_card, 2));
	assert_int_equal(f.box[KTP_NIK].y1, line_y(clean_card, 2) + 22);
	/* The name's box stops before the photo. */
	assert_int_equal(f.box[KTP_NAMA].x0, 260);
	assert_int_equal(f.box[KTP_NAMA].x1, 551 + 8 * 15);
	/* Fields not on the card: NULL, no confidence, no box. */
	ktp_fields_free(&f);
	card_free(&c);

	/* A wrapped line read unsurely lowers its value's confidence: the
	 * mean over the words of both lines, (5 x 0.9 + 3 x 0.1) / 8. */
	build(&c, clean_card, TL_NELEM(clean_card), NULL, 0, true, 90.0f);
	for (i = 0, hit = 0; i < c.n; i++)
		if (c.w[i].y0 == line_y(clean_card, 7)) {
			c.w[i].conf = 10.0f;
			hit++;
		}
	assert_int_equal(hit, 3);		/* "I", "NO.", "5" */
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	assert_string_equal(f.v[KTP_ALAMAT], card_want[KTP_ALAMAT]);
	assert_true(fabs(f.conf[KTP_ALAMAT] - 0.6) < 1e-6);
	assert_true(fabs(f.conf[KTP_NAMA] - 0.9) < 1e-6);
	ktp_fields_free(&f);
	card_free(&c);

	build(&c, noisy_card, TL_NELEM(noisy_card), NULL, 0, true, 60.0f);
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	/* Snapped values are less sure than exact ones. */
	assert_non_null(f.v[KTP_KECAMATAN]);
	assert_true(f.conf[KTP_KECAMATAN] < 0.6);
	assert_true(f.conf[KTP_KECAMATAN] > 0.3);
	assert_true(fabs(f.conf[KTP_NIK] - 0.6) < 1e-6);
	ktp_fields_free(&f);
	ktp_fields_free(&f);		/* twice is harmless */
	card_free(&c);

	/* A birth date no calendar has: kept as read, never sure. */
	memcpy(bad, clean_card, sizeof bad);
	bad[4].value = "PEKALONGAN, 31-06-1985";
	build(&c, bad, TL_NELEM(bad), NULL, 0, true, 90.0f);
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	assert_string_equal(f.v[KTP_TANGGAL], "1985-06-31");
	assert_true(f.conf[KTP_TANGGAL] <= 0.3);
	assert_true(fabs(f.conf[KTP_TEMPAT] - 0.9) < 1e-6);
	ktp_fields_free(&f);
	card_free(&c);
	bad[4].value = "PEKALONGAN, 29-02-1984";	/* a leap day */
	build(&c, bad, TL_NELEM(bad), NULL, 0, true, 90.0f);
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	assert_string_equal(f.v[KTP_TANGGAL], "1984-02-29");
	assert_true(fabs(f.conf[KTP_TANGGAL] - 0.9) < 1e-6);
	ktp_fields_free(&f);
	card_free(&c);
}

/* Words right of photo_x are not read, however close they are. */
static void
test_ktp_parse_photo_x(void **state)
{
	static const struct {
		int		 photo_x;
		const char	*nama, *agama;
	} rows[] = {
		{ PHOTO_X, "BUDI SANTOSO WIBOWO PRASETYO", "ISLAM" },
		{ 725, "BUDI SANTOSO WIBOWO PRASETYO HUTOMO", "ISLAM" },
		{ 724, "BUDI SANTOSO WIBOWO PRASETYO", "ISLAM" },
		{ 550, "BUDI SANTOSO WIBOWO", "ISLAM" },
		{ 449, "BUDI SANTOSO", "ISLAM" },
	};
	static const struct spec card[] = {
		{ NULL, NULL, "PROVINSI JAWA TENGAH" },
		{ NULL, NULL, "KOTA PEKALONGAN" },
		{ "NIK", ":", "3375011203850001" },
		{ "Nama", ":", "BUDI SANTOSO WIBOWO PRASETYO" },
		{ "Agama", ":", "ISLAM" },
	};
	static const struct extra ex[] = {
		{ "HUTOMO", 724, 3 },
		{ "PEKALONGAN", 760, 4 },
	};
	struct card c;
	struct ktp_fields f;
	size_t i;

	(void)state;
	TL_BEGIN();
	/* Without a photo edge HUTOMO is part of the name (the control). */
	build(&c, card, TL_NELEM(card), ex, TL_NELEM(ex), true, 90.0f);
	ktp_parse(c.w, c.n, 1000, &f);
	tl_str("nama", 0, "photo_x 1000", f.v[KTP_NAMA],
	    "BUDI SANTOSO WIBOWO PRASETYO HUTOMO");
	ktp_fields_free(&f);
	for (i = 0; i < TL_NELEM(rows); i++) {
		ktp_parse(c.w, c.n, rows[i].photo_x, &f);
		tl_str("nama", i, "photo_x", f.v[KTP_NAMA], rows[i].nama);
		tl_str("agama", i, "photo_x", f.v[KTP_AGAMA], rows[i].agama);
		ktp_fields_free(&f);
	}
	card_free(&c);
	TL_END();
}

/* --------------------------------------------- one field at a time */

static const struct {
	const char	*label, *sep, *value;
	int		 field;
	const char	*want;
} field_rows[] = {
	/* Nama: labels as read, ':' as read, case. */
	{ "Nama", ":", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "NAMA", ":", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", ":", "Budi Santoso", KTP_NAMA, "BUDI SANTOSO" },
	{ "Narna", ":", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", "1", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", "i", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", ";", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", "", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama:", "", "BUDI SANTOSO", KTP_NAMA, "BUDI SANTOSO" },
	{ "Nama", ":", "", KTP_NAMA, NULL },
	/* A Javanese title that lost a dot; "RA" with none may be a name. */
	{ "Nama", ":", "RA. SRI MAHARANI", KTP_NAMA, "R.A. SRI MAHARANI" },
	{ "Nama", ":", "R.A UMI DWI", KTP_NAMA, "R.A. UMI DWI" },
	{ "Nama", ":", "R.A. UMI DWI", KTP_NAMA, "R.A. UMI DWI" },
	{ "Nama", ":", "RM. JOKO SUSILO", KTP_NAMA, "R.M. JOKO SUSILO" },
	{ "Nama", ":", "KH. AHMAD DAHLAN", KTP_NAMA, "K.H. AHMAD DAHLAN" },
	{ "Nama", ":", "RA SRI MAHARANI", KTP_NAMA, "RA SRI MAHARANI" },
	{ "Nama", ":", "RAHMAN. SRI", KTP_NAMA, "RAHMAN. SRI" },
	{ "Nama", ":", "R.A.", KTP_NAMA, "R.A." },
	/* An initial read with a comma; a title after a comma stays. */
	{ "Nama", ":", "M, YUSUF MAULANA", KTP_NAMA, "M. YUSUF MAULANA" },
	{ "Nama", ":", "BUDI SANTOSO, S.KOM", KTP_NAMA,
	    "BUDI SANTOSO, S.KOM" },
	/* NIK: digits only, confusable letters mapped. */
	{ "NIK", ":", "3375011203850001", KTP_NIK, "3375011203850001" },
	{ "NIK", ":", "3375 0112 0385 0001", KTP_NIK, "3375011203850001" },
	{ "NIK", "1", "3375011203850001", KTP_NIK, "3375011203850001" },
	{ "NIK", ":", "33750112O385000l", KTP_NIK, "3375011203850001" },
	{ "NIK", ":", "337SO1I2O3B5OOO1", KTP_NIK, "3375011203850001" },
	{ "NIK", ":", "3375O1I2O3BS0OOl", KTP_NIK, "3375011203850001" },
	/* Tempat/Tgl Lahir: two fields. */
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-03-1985", KTP_TEMPAT,
	    "PEKALONGAN" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-03-1985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/TglLahir", ":", "PEKALONGAN, 12-03-1985", KTP_TEMPAT,
	    "PEKALONGAN" },
	{ "Tempat/TglLahir", ":", "PEKALONGAN, 12-03-1985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN 12-03-1985", KTP_TEMPAT,
	    "PEKALONGAN" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN 12-03-1985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN,12-03-1985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12 03 1985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-O3-l985", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-03-198S", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 12-03-19B5", KTP_TANGGAL,
	    "1985-03-12" },
	{ "Tempat/Tgl Lahir", "1", "KAB. SEMARANG, 01-12-1970", KTP_TEMPAT,
	    "KAB. SEMARANG" },
	{ "Tempat/Tgl Lahir", "1", "KAB. SEMARANG, 01-12-1970", KTP_TANGGAL,
	    "1970-12-01" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 31-13-1985", KTP_TANGGAL,
	    NULL },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN, 31-13-1985", KTP_TEMPAT,
	    "PEKALONGAN" },
	{ "Tempat/Tgl Lahir", ":", "PEKALONGAN", KTP_TANGGAL, NULL },
	/* Jenis kelamin and golongan darah on one line. */
	{ "Jenis Kelamin", ":", "LAKI-LAKI", KTP_JK, "LAKI-LAKI" },
	{ "Jenis Kelamin", ":", "PEREMPUAN", KTP_JK, "PEREMPUAN" },
	{ "Jenis Kelamin", ":", "LAKl-LAKI", KTP_JK, "LAKI-LAKI" },
	{ "Jenis Kelamin", ":", "PEREMPUAM", KTP_JK, "PEREMPUAN" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI Gol. Darah : O", KTP_JK,
	    "LAKI-LAKI" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI Gol. Darah : O", KTP_GOLDAR, "O" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI Gol. Darah : 0", KTP_GOLDAR, "O" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah : AB", KTP_GOLDAR,
	    "AB" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah : A", KTP_GOLDAR, "A" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah : 8", KTP_GOLDAR, "B" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah : -", KTP_GOLDAR, "-" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah 1 A", KTP_GOLDAR, "A" },
	{ "Jenis Kelamin", ":", "PEREMPUAN Gol. Darah 1 A", KTP_JK,
	    "PEREMPUAN" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI Gol Darah : B", KTP_GOLDAR, "B" },
	{ "Jenis Kelamin", ":", "LAKI-LAKI", KTP_GOLDAR, NULL },
	/* Alamat: the card's abbreviations. */
	{ "Alamat", ":", "JL. SUDIRMAN NO. 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", ":", "JL SUDIRMAN NO, 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", ":", "XL. SUDIRMAN NO. 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", ":", "JM. SUDIRMAN NO. 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", ":", "3L. SUDIRMAN NO. 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", "1", "Jl. Sudirman No. 5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	/* Spaces the OCR lost after an abbreviation and before "NO.". */
	{ "Alamat", ":", "JL. SUDIRMAN NO.5", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5" },
	{ "Alamat", ":", "KRATON GG. 3NO.9", KTP_ALAMAT,
	    "KRATON GG. 3 NO. 9" },
	{ "Alamat", ":", "JL.DR.WAHIDIN NO. 7", KTP_ALAMAT,
	    "JL. DR. WAHIDIN NO. 7" },
	{ "Alamat", ":", "JL. R.A. KARTINI NO. 46A", KTP_ALAMAT,
	    "JL. R.A. KARTINI NO. 46A" },
	/* Misread abbreviations and house numbers. */
	{ "Alamat", ":", "JL- RA. KARTINI NO. 46A", KTP_ALAMAT,
	    "JL. R.A. KARTINI NO. 46A" },
	{ "Alamat", ":", "J.. RLA. KARTINI NO. 46A", KTP_ALAMAT,
	    "JL. R.A. KARTINI NO. 46A" },
	{ "Alamat", ":", "PERUM ASRI BLOK E-18 NOL 18 JL. VETERAN", KTP_ALAMAT,
	    "PERUM ASRI BLOK E-18 NO. 18 JL. VETERAN" },
	{ "Alamat", ":", "KRATON GG. 3N0.9", KTP_ALAMAT,
	    "KRATON GG. 3 NO. 9" },
	{ "Alamat", ":", "JL. SUPRIYADI NO. 127 8", KTP_ALAMAT,
	    "JL. SUPRIYADI NO. 127 B" },
	{ "Alamat", ":", "JL. SUPRIYADI NO. 127 4", KTP_ALAMAT,
	    "JL. SUPRIYADI NO. 127 A" },
	{ "Alamat", ":", "GG. 8 NO. 12", KTP_ALAMAT, "GG. 8 NO. 12" },
	/* A gang's numeral glued to its name; an ambiguous one stays. */
	{ "Alamat", ":", "JL. PEMUDA GG. KENANGAIV NO. 91", KTP_ALAMAT,
	    "JL. PEMUDA GG. KENANGA IV NO. 91" },
	{ "Alamat", ":", "GG. MAWARII NO. 3", KTP_ALAMAT, "GG. MAWARII NO. 3" },
	{ "Alamat", ":", "GG. MAWARVI NO. 3", KTP_ALAMAT, "GG. MAWAR VI NO. 3" },
	{ "Alamat", ":", "GG. CEMPAKAVII NO. 3", KTP_ALAMAT,
	    "GG. CEMPAKA VII NO. 3" },
	{ "Alamat", ":", "GG. MELATIII NO. 3", KTP_ALAMAT,
	    "GG. MELATIII NO. 3" },
	{ "Alamat", ":", "JL. SERAYUII NO. 3", KTP_ALAMAT,
	    "JL. SERAYUII NO. 3" },
	{ "Alamat", ":", "GG. KENANGAIV", KTP_ALAMAT, "GG. KENANGAIV" },
	{ "Alamat", ":", "GG. MAWAR ILNO. 23A", KTP_ALAMAT,
	    "GG. MAWAR II NO. 23A" },
	{ "Alamat", ":", "OK. PANDANSARI", KTP_ALAMAT, "DK. PANDANSARI" },
	{ "Alamat", ":", "JA. KURINAN NO. 42 A", KTP_ALAMAT,
	    "JL. KURINAN NO. 42 A" },
	{ "Alamat", ":", "JK DIPONEGORO NO. 93", KTP_ALAMAT,
	    "JL. DIPONEGORO NO. 93" },
	{ "Alamat", ":", "JL. DR SUTOMO NO. 88", KTP_ALAMAT,
	    "JL. DR. SUTOMO NO. 88" },
	{ "Alamat", ":", "JL. OR. SUTOMO NO. 88", KTP_ALAMAT,
	    "JL. DR. SUTOMO NO. 88" },
	{ "Alamat", ":", "JL. KH AGUS SALIM NO. 117 A", KTP_ALAMAT,
	    "JL. KH. AGUS SALIM NO. 117 A" },
	{ "Alamat", ":", "JL. R.A KARTINI NO. 35 A", KTP_ALAMAT,
	    "JL. R.A. KARTINI NO. 35 A" },
	/* Words that only look like them stay: a village named JATI, a
	 * "DR" or "KH" ending the address. */
	{ "Alamat", ":", "JATI GG. 2 NO. 5", KTP_ALAMAT, "JATI GG. 2 NO. 5" },
	{ "Alamat", ":", "JL. SUDIRMAN KH", KTP_ALAMAT, "JL. SUDIRMAN KH" },
	{ "Alamat", ":", "JL. SUDIRMAN NO. 5 DR", KTP_ALAMAT,
	    "JL. SUDIRMAN NO. 5 DR" },
	{ "Alamat", ":", "JL. MERAK NG. 20", KTP_ALAMAT, "JL. MERAK NO. 20" },
	{ "Alamat", ":", "JL. PEMUDANO. 38 A", KTP_ALAMAT,
	    "JL. PEMUDA NO. 38 A" },
	{ "Alamat", ":", "JL. HARTONO NO. 5", KTP_ALAMAT,
	    "JL. HARTONO NO. 5" },
	/* RT/RW as NNN/NNN. */
	{ "RT/RW", ":", "003/007", KTP_RTRW, "003/007" },
	{ "RT/RW", ":", "003 / 007", KTP_RTRW, "003/007" },
	{ "RT/RW", ":", "OO3/OO7", KTP_RTRW, "003/007" },
	{ "RT/RW", "1", "003/007", KTP_RTRW, "003/007" },
	{ "RT/RW", ":", "003/0O7", KTP_RTRW, "003/007" },
	{ "RT/RW", ":", "0O3/O07", KTP_RTRW, "003/007" },
	/* The slash read as a digit; a ':' read as "1" before it all. */
	{ "RT/RW", ":", "0101005", KTP_RTRW, "010/005" },
	{ "RT/RW", ":", "0021003", KTP_RTRW, "002/003" },
	{ "RT/RW", ":", "10101005", KTP_RTRW, "010/005" },
	{ "RT/RW", ":", "1 010/005", KTP_RTRW, "010/005" },
	{ "RT/RW", ":", "3/007", KTP_RTRW, "003/007" },
	/* No RT or RW runs to 100: a leading 1 is a 0 misread. */
	{ "RT/RW", ":", "114/004", KTP_RTRW, "014/004" },
	{ "RT/RW", ":", "007/112", KTP_RTRW, "007/012" },
	{ "RT/RW", ":", "110/109", KTP_RTRW, "010/009" },
	{ "RT/RW", ":", "01/0", KTP_RTRW, "01/0" },
	/* Kel/Desa without a kecamatan: as read. */
	{ "Kel/Desa", ":", "PODOSUGIH", KTP_KELDESA, "PODOSUGIH" },
	{ "Kel/Dcsa", ":", "PODOSUGIH", KTP_KELDESA, "PODOSUGIH" },
	{ "KelDesa", ":", "PODOSUGIH", KTP_KELDESA, "PODOSUGIH" },
	/* Closed vocabularies. */
	{ "Agama", ":", "ISLAM", KTP_AGAMA, "ISLAM" },
	{ "Agama", ":", "ISLAM.", KTP_AGAMA, "ISLAM" },
	{ "Agama", "i", "ISLAM.", KTP_AGAMA, "ISLAM" },
	{ "Agama", ":", "lSLAM", KTP_AGAMA, "ISLAM" },
	{ "Agama", ":", "KRISTEN", KTP_AGAMA, "KRISTEN" },
	{ "Agama", ":", "KATHOLIK", KTP_AGAMA, "KATOLIK" },
	{ "Agama", ":", "BUDHA", KTP_AGAMA, "BUDDHA" },
	{ "Agama", ":", "HlNDU", KTP_AGAMA, "HINDU" },
	{ "Status Perkawinan", ":", "KAWIN", KTP_STATUS, "KAWIN" },
	{ "Status Perkawinan", ":", "KAWlN", KTP_STATUS, "KAWIN" },
	{ "Status Perkawinan", ":", "BELUM KAWIN", KTP_STATUS,
	    "BELUM KAWIN" },
	{ "Status Perkawinan", ":", "BELUM KAWlN", KTP_STATUS,
	    "BELUM KAWIN" },
	{ "Status Perkawinan", "1", "CERAI MATI", KTP_STATUS, "CERAI MATI" },
	{ "Pekerjaan", ":", "PEGAWAI NEGERI SIPIL (PNS)", KTP_PEKERJAAN,
	    "PEGAWAI NEGERI SIPIL (PNS)" },
	{ "Pekerjaan", ":", "PEGAWAI NEGERl SIPIL (PNS)", KTP_PEKERJAAN,
	    "PEGAWAI NEGERI SIPIL (PNS)" },
	{ "Pekerjaan", ":", "KARYAWAN SWASTA", KTP_PEKERJAAN,
	    "KARYAWAN SWASTA" },
	{ "Pekerjaan", ":", "PENGACARA", KTP_PEKERJAAN, "PENGACARA" },
	{ "Kewarganegaraan", ":", "WNI", KTP_WN, "WNI" },
	{ "Kewarganegaraan", ":", "WNl", KTP_WN, "WNI" },
	{ "Berlaku Hingga", ":", "SEUMUR HIDUP", KTP_BERLAKU, "SEUMUR HIDUP" },
	{ "Berlaku Hingga", ":", "SEUMUR HIDUR", KTP_BERLAKU, "SEUMUR HIDUP" },
	{ "Berlaku Hingga", ":", "SEUMUR H1DUP", KTP_BERLAKU, "SEUMUR HIDUP" },
	{ "Berlaku Hingga", ":", "12-03-2017", KTP_BERLAKU, "2017-03-12" },
	{ "Berlaku Hingga", ":", "12-O3-2Ol7", KTP_BERLAKU, "2017-03-12" },
};

static void
test_ktp_parse_field_table(void **state)
{
	struct spec card[4] = {
		{ NULL, NULL, "PROVINSI JAWA TENGAH" },
		{ NULL, NULL, "KOTA PEKALONGAN" },
		{ "NIK", ":", "3375011203850001" },
		{ NULL, NULL, NULL },
	};
	struct card c;
	struct ktp_fields f;
	char in[256];
	size_t i, ns;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(field_rows); i++) {
		struct spec row = { field_rows[i].label, field_rows[i].sep,
		    field_rows[i].value };

		/* The NIK line, and the row's line below it. */
		if (field_rows[i].field == KTP_NIK) {
			card[2] = row;
			ns = 3;
		} else {
			card[2] = (struct spec){ "NIK", ":",
			    "3375011203850001" };
			card[3] = row;
			ns = 4;
		}
		snprintf(in, sizeof in, "%s %s %s", row.label, row.sep,
		    row.value);
		build(&c, card, ns, NULL, 0, true, 90.0f);
		ktp_parse(c.w, c.n, PHOTO_X, &f);
		tl_str(ktp_field_names[field_rows[i].field], i, in,
		    f.v[field_rows[i].field], field_rows[i].want);
		ktp_fields_free(&f);
		card_free(&c);
	}
	TL_END();
}

/* Nationality under the validity: only a citizen's card is for life. */
static const struct {
	const char	*wn, *berlaku, *want;
} wn_rows[] = {
	{ "WNI", "SEUMUR HIDUP", "WNI" },
	{ "VAS", "SEUMUR HIDUP", "WNI" },
	{ "WNA", "SEUMUR HIDUP", "WNI" },
	{ "WNA", "SEUMUR HIDUR", "WNI" },
	{ "WNA", "12-03-2030", "WNA" },
	{ "WNI", "12-03-2030", "WNI" },
};

static void
test_ktp_parse_nationality(void **state)
{
	struct spec card[5] = {
		{ NULL, NULL, "PROVINSI JAWA TENGAH" },
		{ NULL, NULL, "KOTA PEKALONGAN" },
		{ "NIK", ":", "3375011203850001" },
		{ "Kewarganegaraan", ":", NULL },
		{ "Berlaku Hingga", ":", NULL },
	};
	struct card c;
	struct ktp_fields f;
	char in[128];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(wn_rows); i++) {
		card[3].value = wn_rows[i].wn;
		card[4].value = wn_rows[i].berlaku;
		snprintf(in, sizeof in, "%s / %s", wn_rows[i].wn,
		    wn_rows[i].berlaku);
		build(&c, card, 5, NULL, 0, true, 90.0f);
		ktp_parse(c.w, c.n, PHOTO_X, &f);
		tl_str("kewarganegaraan", i, in, f.v[KTP_WN], wn_rows[i].want);
		ktp_fields_free(&f);
		card_free(&c);
	}
	TL_END();
}

/* The header: provinsi without "PROVINSI", kabupaten/kota, the city code. */
static const struct {
	const char	*prov, *kab;
	const char	*want_prov, *want_kab;	/* "*": not checked */
	const char	*city;
} header_rows[] = {
	{ "PROVINSI JAWA TENGAH", "KOTA PEKALONGAN", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "PROVlNSI JAWA TENGAH", "KOTA PEKALONGAN", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "PROVINSI JAWA TENGAH", "KOTA PEKAL0NGAN", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "PROVINSI JAWA TENGAII", "KOTA PEKALONGAN", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "Provinsi Jawa Tengah", "Kota Pekalongan", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "PROVINSI JAWA TENGAH", "KABUPATEN PEKALONGAN", "JAWA TENGAH",
	    "KABUPATEN PEKALONGAN", "3326" },
	{ "PROVINSI JAWA TENGAH", "KOTA SEMARANG", "JAWA TENGAH",
	    "KOTA SEMARANG", "3374" },
	{ "PROVINSI JAWA TIMUR", "KOTA SURABAYA", "JAWA TIMUR",
	    "KOTA SURABAYA", "3578" },
	/* The word PROVINSI glued to the name (its l for I included). */
	{ "PROVINSIJAWA TENGAH", "KOTA PEKALONGAN", "JAWA TENGAH",
	    "KOTA PEKALONGAN", "3375" },
	{ "PROVlNSIJAWA TIMUR", "KOTA SURABAYA", "JAWA TIMUR",
	    "KOTA SURABAYA", "3578" },
	{ "PROVINSIBANTEN", "KOTA SERANG", "BANTEN", "KOTA SERANG", "3673" },
	/* A province half read: the one of the kabupaten read whole. */
	{ "PROVINSI JAWA TEmuar", "KABUPATEN PURWOREJO", "JAWA TENGAH",
	    "KABUPATEN PURWOREJO", "3306" },
	{ "PROVINSI DKI JAKRTA", "JAKARTA SELATAN", "DKI JAKARTA", "*",
	    "3174" },
	/* A kabupaten_kota of another province is not snapped. */
	{ "PROVINSI JAWA TIMUR", "KOTA PEKALONGAN", "JAWA TIMUR",
	    "KOTA PEKALONGAN", "" },
	/* Jakarta's cards: "PROVINSI DKI JAKARTA", "JAKARTA PUSAT". */
	{ "PROVINSI DKI JAKARTA", "JAKARTA PUSAT", "*", "*", "3171" },
};

static void
test_ktp_parse_header_table(void **state)
{
	struct spec card[3] = {
		{ NULL, NULL, NULL },
		{ NULL, NULL, NULL },
		{ "NIK", ":", "3375011203850001" },
	};
	struct card c;
	struct ktp_fields f;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(header_rows); i++) {
		card[0].value = header_rows[i].prov;
		card[1].value = header_rows[i].kab;
		build(&c, card, 3, NULL, 0, false, 90.0f);
		ktp_parse(c.w, c.n, PHOTO_X, &f);
		if (strcmp(header_rows[i].want_prov, "*") != 0)
			tl_str("provinsi", i, header_rows[i].prov,
			    f.v[KTP_PROVINSI], header_rows[i].want_prov);
		if (strcmp(header_rows[i].want_kab, "*") != 0)
			tl_str("kabupaten_kota", i, header_rows[i].kab,
			    f.v[KTP_KABKOTA], header_rows[i].want_kab);
		tl_str("city", i, header_rows[i].kab, f.city,
		    header_rows[i].city);
		ktp_fields_free(&f);
		card_free(&c);
	}
	TL_END();
}

/* Kecamatan snapped among the city's, kelurahan among the kecamatan's. */
static const struct {
	const char	*kec, *kel;
	const char	*want_kec, *want_kel;
} region_rows[] = {
	{ "PEKALONGAN BARAT", "PODOSUGIH", "PEKALONGAN BARAT", "PODOSUGIH" },
	{ "PEKALONGAN BARA", "PODOSUGIH", "PEKALONGAN BARAT", "PODOSUGIH" },
	{ "PEKALONGAN BRT", "P0DOSUGIH", "PEKALONGAN BARAT", "PODOSUGIH" },
	{ "pekalongan barat", "podosugih", "PEKALONGAN BARAT", "PODOSUGIH" },
	{ "PEKALONGAN TlMUR", "KAUMAN", "PEKALONGAN TIMUR", "KAUMAN" },
	{ "PEKALONGAN UTARA", "KRAPYAK", "PEKALONGAN UTARA", "KRAPYAK" },
	{ "PEKALONGAN UTARA", "PANJANG WETAN", "PEKALONGAN UTARA",
	    "PANJANG WETAN" },
	{ "PEKALONGAN SELATAN", "KURIPAN YOSOREJ0", "PEKALONGAN SELATAN",
	    "KURIPAN YOSOREJO" },
	{ "PEKALONGAN SELATAN", "SOKODUWET", "PEKALONGAN SELATAN",
	    "SOKODUWET" },
	/* A kelurahan of another kecamatan is kept as read. */
	{ "PEKALONGAN UTARA", "PODOSUGIH", "PEKALONGAN UTARA", "PODOSUGIH" },
	/* Nothing close: kept as read. */
	{ "BATANG", "PODOSUGIH", "BATANG", "PODOSUGIH" },
};

static void
test_ktp_parse_region_table(void **state)
{
	struct spec card[] = {
		{ NULL, NULL, "PROVINSI JAWA TENGAH" },
		{ NULL, NULL, "KOTA PEKALONGAN" },
		{ "NIK", ":", "3375011203850001" },
		{ "Kel/Desa", ":", NULL },
		{ "Kecamatan", ":", NULL },
	};
	struct card c;
	struct ktp_fields f;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(region_rows); i++) {
		card[3].value = region_rows[i].kel;
		card[4].value = region_rows[i].kec;
		build(&c, card, TL_NELEM(card), NULL, 0, true, 90.0f);
		ktp_parse(c.w, c.n, PHOTO_X, &f);
		tl_str("kecamatan", i, region_rows[i].kec, f.v[KTP_KECAMATAN],
		    region_rows[i].want_kec);
		tl_str("kelurahan_desa", i, region_rows[i].kel,
		    f.v[KTP_KELDESA], region_rows[i].want_kel);
		ktp_fields_free(&f);
		card_free(&c);
	}
	TL_END();
}

/*
 * The header the address implies: the NIK's kabupaten or kota when the
 * kecamatan and kelurahan read are its own, nearly letter for letter.
 */
static const struct {
	const char	*nik, *kec, *kel;
	double		 kec_conf, kel_conf;
	const char	*want_prov, *want_kab;	/* NULL: not implied */
	double		 want_conf;
} implied_rows[] = {
	{ "3375011203850001", "PEKALONGAN BARAT", "PODOSUGIH", 0.9, 0.8,
	    "JAWA TENGAH", "KOTA PEKALONGAN", 0.8 },
	/* Registered in another kecamatan of the same city. */
	{ "3375031203850001", "PEKALONGAN BARAT", "MEDONO", 0.7, 0.9,
	    "JAWA TENGAH", "KOTA PEKALONGAN", 0.7 },
	/* One edit in each: still there, a little less sure. */
	{ "3375011203850001", "PEKALONGAN BARA", "P0DOSUGIH", 1.0, 1.0,
	    "JAWA TENGAH", "KOTA PEKALONGAN", 0.9 },
	/* The list's "KAB." printed in full. */
	{ "3325011203850001", "WONOTUNGGAL", "SILURAH", 0.9, 0.9,
	    "JAWA TENGAH", "KABUPATEN BATANG", 0.9 },
	/* Four edits in 23 letters: too far to be sure. */
	{ "3375011203850001", "PEKALONGAN BRT", "P0DOSUGlH", 1.0, 1.0,
	    NULL, NULL, 0 },
	/* Moved: registered in Batang, living in Pekalongan. */
	{ "3325011203850001", "PEKALONGAN BARAT", "PODOSUGIH", 1.0, 1.0,
	    NULL, NULL, 0 },
	/* A kelurahan of another kecamatan. */
	{ "3375011203850001", "PEKALONGAN UTARA", "PODOSUGIH", 1.0, 1.0,
	    NULL, NULL, 0 },
	/* Jakarta: its cities are "KOTA ADMINISTRASI" in the list, not on
	 * cards; Yogyakarta: the province printed by another name too. */
	{ "3171011203850001", "GAMBIR", "CIDENG", 1.0, 1.0, NULL, NULL, 0 },
	{ "3471011203850001", "TEGALREJO", "KRICAK", 1.0, 1.0, NULL, NULL, 0 },
	/* No such region; NIK too short; values missing. */
	{ "9999011203850001", "PEKALONGAN BARAT", "PODOSUGIH", 1.0, 1.0,
	    NULL, NULL, 0 },
	{ "337", "PEKALONGAN BARAT", "PODOSUGIH", 1.0, 1.0, NULL, NULL, 0 },
	{ NULL, "PEKALONGAN BARAT", "PODOSUGIH", 1.0, 1.0, NULL, NULL, 0 },
	{ "3375011203850001", NULL, "PODOSUGIH", 1.0, 1.0, NULL, NULL, 0 },
	{ "3375011203850001", "PEKALONGAN BARAT", NULL, 1.0, 1.0, NULL, NULL,
	    0 },
};

static void
test_ktp_region_of_address_table(void **state)
{
	struct ktp_fields f;
	char prov[64], kab[80];
	double conf;
	size_t i;
	bool ok;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(implied_rows); i++) {
		memset(&f, 0, sizeof f);
		f.v[KTP_NIK] = (char *)implied_rows[i].nik;
		f.v[KTP_KECAMATAN] = (char *)implied_rows[i].kec;
		f.v[KTP_KELDESA] = (char *)implied_rows[i].kel;
		f.conf[KTP_KECAMATAN] = implied_rows[i].kec_conf;
		f.conf[KTP_KELDESA] = implied_rows[i].kel_conf;
		strcpy(prov, "-");
		strcpy(kab, "-");
		ok = ktp_region_of_address(&f, prov, sizeof prov, kab,
		    sizeof kab, &conf);
		tl_str("provinsi", i, implied_rows[i].kec, ok ? prov : NULL,
		    implied_rows[i].want_prov);
		tl_str("kabupaten_kota", i, implied_rows[i].kec, ok ? kab :
		    NULL, implied_rows[i].want_kab);
		if (ok && fabs(conf - implied_rows[i].want_conf) > 0.01)
			tl_fail("conf row %zu (%s): %.3f, want %.3f", i,
			    implied_rows[i].kec, conf, implied_rows[i].want_conf);
	}
	TL_END();
}

/* A card parsed without its header: the address as read implies it. */
static void
test_ktp_region_of_address_parse(void **state)
{
	struct spec card[] = {
		{ "NIK", ":", "3375011203850001" },
		{ "Kel/Desa", ":", "PODOSUG1H" },
		{ "Kecamatan", ":", "PEKALONGAN BARAT" },
	};
	struct card c;
	struct ktp_fields f;
	char prov[64], kab[80];
	double conf;

	(void)state;
	/* Without the header the address is not snapped, but placed. */
	build(&c, card, TL_NELEM(card), NULL, 0, true, 90.0f);
	ktp_parse(c.w, c.n, PHOTO_X, &f);
	assert_null(f.v[KTP_PROVINSI]);
	assert_string_equal(f.city, "");
	assert_string_equal(f.v[KTP_KELDESA], "PODOSUG1H");
	assert_true(ktp_region_of_address(&f, prov, sizeof prov, kab,
	    sizeof kab, &conf));
	assert_string_equal(prov, "JAWA TENGAH");
	assert_string_equal(kab, "KOTA PEKALONGAN");
	assert_true(conf > 0.7 && conf < 0.9);
	ktp_fields_free(&f);
	card_free(&c);
}

/* Empty input: nothing invented. */
static void
test_ktp_parse_empty(void **state)
{
	/* NULL and empty texts; zero, negative boxes; odd confidences. */
	static const struct ocr_word w[] = {
		{ NULL, 30, 10, 60, 30, 90, 0 },
		{ "", 30, 10, 60, 30, 90, 0 },
		{ "NIK", -50, -10, -50, -10, 90, 1 },
		{ ":", 0, 0, 0, 0, -5, 1 },
		{ "3375011203850001", 260, 0, 0, 0, 500, 1 },
	};
	struct ktp_fields f;
	int k;

	(void)state;
	ktp_parse(NULL, 0, PHOTO_X, &f);
	for (k = 0; k < KTP_NFIELDS; k++)
		assert_null(f.v[k]);
	assert_int_equal(f.labels, 0);
	assert_string_equal(f.city, "");
	ktp_fields_free(&f);
	ktp_parse(w, TL_NELEM(w), PHOTO_X, &f);
	for (k = 0; k < KTP_NFIELDS; k++)
		if (f.v[k])
			assert_true(f.conf[k] >= 0);
	ktp_fields_free(&f);
	/* ktp_clean of nothing does nothing. */
	memset(&f, 0, sizeof f);
	ktp_clean(&f);
	for (k = 0; k < KTP_NFIELDS; k++)
		assert_null(f.v[k]);
}

/* Too many words, too many lines, huge words: no crash, no overrun. */
static void
test_ktp_parse_hostile(void **state)
{
	static struct ocr_word w[3000];
	static char big[100001];
	static const char *const texts[] = { "Nama", ":", "NIK", "Agama",
	    "x", "", "::::", "Gol.", "Darah" };
	struct ktp_fields f;
	size_t i;

	(void)state;
	/* 3000 words on one line, then each on a line of its own. */
	for (i = 0; i < TL_NELEM(w); i++)
		w[i] = (struct ocr_word){ texts[i % TL_NELEM(texts)],
		    (int)(i % 700), 100, (int)(i % 700) + 10, 122, 50, 0 };
	ktp_parse(w, TL_NELEM(w), PHOTO_X, &f);
	ktp_fields_free(&f);
	for (i = 0; i < TL_NELEM(w); i++) {
		w[i].y0 = (int)i * 30;
		w[i].y1 = w[i].y0 + 22;
		w[i].line = i % 2 ? -1 : (int)i;
	}
	ktp_parse(w, TL_NELEM(w), PHOTO_X, &f);
	ktp_fields_free(&f);
	/* A 100 kB word as every value. */
	memset(big, 'A', sizeof big - 1);
	for (i = 0; i < 64; i++) {
		w[2 * i] = (struct ocr_word){ texts[i % 4], 30, (int)i * 30,
		    80, (int)i * 30 + 22, 90, (int)i };
		w[2 * i + 1] = (struct ocr_word){ big, 260, (int)i * 30, 700,
		    (int)i * 30 + 22, 90, (int)i };
	}
	ktp_parse(w, 128, PHOTO_X, &f);
	ktp_fields_free(&f);
	/* A 1000-byte name is kept whole, not cut. */
	big[1000] = '\0';
	ktp_parse(w, 2, PHOTO_X, &f);
	assert_non_null(f.v[KTP_NAMA]);
	assert_int_equal(strlen(f.v[KTP_NAMA]), 1000);
	ktp_fields_free(&f);
}

/* ------------------------------------------------ ktp_digits, ktp_snap */

static const struct {
	const char	*in, *want;
} digit_rows[] = {
	{ "3375011203850001", "3375011203850001" },
	{ "3375 0112 0385 0001", "3375011203850001" },
	{ "3375-0112.0385/0001", "3375011203850001" },
	/* Each documented confusable. */
	{ "O", "0" }, { "D", "0" }, { "Q", "0" },
	{ "I", "1" }, { "l", "1" }, { "|", "1" },
	{ "Z", "2" },
	{ "S", "5" },
	{ "G", "6" }, { "b", "6" },
	{ "T", "7" },
	{ "B", "8" },
	{ "g", "9" }, { "q", "9" },
	{ "ODQIl|ZSGbTBgq", "00011125667899" },
	/* In a NIK. */
	{ "33750112O385000l", "3375011203850001" },
	{ "337S0112O3B5OOO1", "3375011203850001" },
	{ "3375O1I2O3BS0OOl", "3375011203850001" },
	{ "12-03-198S", "12031985" },
	{ "3Z75", "3275" },
	{ "G6", "66" },
	{ "T7", "77" },
	/* Everything else dropped. */
	{ "ACEFHJKMNPRUVWXY", "" },
	{ "", "" },
	{ NULL, "" },
	{ "\xd9\xa3\xd9\xa3", "" },		/* Arabic-Indic three */
	{ ":-./,", "" },
};

static void
test_ktp_digits_table(void **state)
{
	char *got;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(digit_rows); i++) {
		got = ktp_digits(digit_rows[i].in);
		tl_str("ktp_digits", i, digit_rows[i].in, got,
		    digit_rows[i].want);
		free(got);
	}
	TL_END();
}

static const char *const agama[] = { "ISLAM", "KRISTEN", "KATOLIK",
    "HINDU", "BUDDHA", "KHONGHUCU" };
static const char *const kec[] = { "PEKALONGAN BARAT", "PEKALONGAN TIMUR",
    "PEKALONGAN UTARA", "PEKALONGAN SELATAN" };

static const struct {
	const char		*s;
	const char *const	*cands;
	size_t			 n;
	const char		*want;
	int			 dist;		/* -1: not checked */
} snap_rows[] = {
	{ "ISLAM", agama, 6, "ISLAM", 0 },
	{ "islam", agama, 6, "ISLAM", 0 },
	{ "ISLAM.", agama, 6, "ISLAM", 1 },
	{ "lSLAM", agama, 6, "ISLAM", 1 },
	{ "KRISTFN", agama, 6, "KRISTEN", 1 },
	{ "BUDHA", agama, 6, "BUDDHA", 1 },
	{ "KATHOLIK", agama, 6, "KATOLIK", 1 },
	{ "ISLAMXX", agama, 6, NULL, 2 },		/* 7 / 4 = 1 edit */
	{ "XYZ", agama, 6, NULL, -1 },
	{ "PEKALONGAN BARA", kec, 4, "PEKALONGAN BARAT", 1 },
	{ "pekalongan timur", kec, 4, "PEKALONGAN TIMUR", 0 },
	{ "PEKALONGAN BRT", kec, 4, "PEKALONGAN BARAT", 2 },
	{ "PEKALONGAN SLTN", kec, 4, "PEKALONGAN SELATAN", 3 },
	{ "PEKALONGAN", kec, 4, NULL, 6 },
	{ "BATANG", kec, 4, NULL, -1 },
	{ "ISLAM", kec, 0, NULL, -1 },
};

static void
test_ktp_snap_table(void **state)
{
	const char *got;
	size_t i;
	int d;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(snap_rows); i++) {
		d = -12345;
		got = ktp_snap(snap_rows[i].s, snap_rows[i].cands,
		    snap_rows[i].n, &d);
		tl_str("ktp_snap", i, snap_rows[i].s, got, snap_rows[i].want);
		if (snap_rows[i].dist >= 0)
			tl_int("dist", i, snap_rows[i].s, d, snap_rows[i].dist);
		/* The result points into the candidates. */
		if (got) {
			size_t k;

			for (k = 0; k < snap_rows[i].n; k++)
				if (got == snap_rows[i].cands[k])
					break;
			if (k == snap_rows[i].n)
				tl_fail("row %zu: result not a candidate", i);
		}
		/* dist may be NULL. */
		if (ktp_snap(snap_rows[i].s, snap_rows[i].cands,
		    snap_rows[i].n, NULL) != got)
			tl_fail("row %zu: different result with dist NULL", i);
	}
	TL_END();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ktp_parse_cards),
		cmocka_unit_test(test_ktp_parse_conf_box),
		cmocka_unit_test(test_ktp_parse_photo_x),
		cmocka_unit_test(test_ktp_parse_field_table),
		cmocka_unit_test(test_ktp_parse_nationality),
		cmocka_unit_test(test_ktp_parse_header_table),
		cmocka_unit_test(test_ktp_parse_region_table),
		cmocka_unit_test(test_ktp_region_of_address_table),
		cmocka_unit_test(test_ktp_region_of_address_parse),
		cmocka_unit_test(test_ktp_parse_empty),
		cmocka_unit_test(test_ktp_parse_hostile),
		cmocka_unit_test(test_ktp_digits_table),
		cmocka_unit_test(test_ktp_snap_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
