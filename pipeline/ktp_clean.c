/* ktp_clean (extract stage): KTP values to their closed forms; pure. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "identity.h"
#include "ktp.h"
#include "util.h"
#include "wilayah.h"
#include "xmem.h"

#define MAX_CANDS	1024

/* Names (with codes) gathered from the region table. */
struct cands {
	char		*name[MAX_CANDS];	/* owned */
	char		 code[MAX_CANDS][16];
	size_t		 n;
};

/* Province names as printed on cards, for the list's full names. */
static const struct {
	const char	*full, *printed;
} aliases[] = {
	{ "DAERAH KHUSUS IBUKOTA JAKARTA", "DKI JAKARTA" },
	{ "DAERAH KHUSUS JAKARTA", "DKI JAKARTA" },
	{ "DAERAH ISTIMEWA YOGYAKARTA", "DI YOGYAKARTA" },
	{ "KEPULAUAN BANGKA BELITUNG", "BANGKA BELITUNG" },
};

static void
cand_add(const char *code, size_t cl, const char *name, size_t nl,
    void *arg)
{
	struct cands *c = arg;
	size_t i;
	char *s;

	if (c->n >= MAX_CANDS || cl >= sizeof c->code[0])
		return;
	s = xstrndup(name, nl);
	/* The 2019 list writes "KAB. X"; cards print "KABUPATEN X". */
	if (strncmp(s, "KAB. ", 5) == 0) {
		char *k = xasprintf("KABUPATEN %s", s + 5);

		free(s);
		s = k;
	}
	c->name[c->n] = s;
	memcpy(c->code[c->n], code, cl);
	c->code[c->n++][cl] = '\0';
	/* What cards print for regions the list names in full. */
	for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(s, aliases[i].full) == 0 && c->n < MAX_CANDS) {
			c->name[c->n] = xstrdup(aliases[i].printed);
			memcpy(c->code[c->n], code, cl);
			c->code[c->n++][cl] = '\0';
		}
	if (strncmp(s, "KOTA ADMINISTRASI ", 18) == 0 && c->n < MAX_CANDS) {
		c->name[c->n] = xstrdup(s + 18);	/* "JAKARTA PUSAT" */
		memcpy(c->code[c->n], code, cl);
		c->code[c->n++][cl] = '\0';
	}
}

static void
cands_free(struct cands *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->name[i]);
	c->n = 0;
}

/* Replace f->v[k] by a snapped value; adjust its confidence. */
static const char *
snap_field(struct ktp_fields *f, int k, const char *const *cands, size_t n)
{
	const char *s, *p;
	int d;
	size_t len;

	if (f->v[k] == NULL)
		return NULL;
	s = ktp_snap(f->v[k], cands, n, &d);
	len = strlen(f->v[k]);
	/* Noise before the value ("1» LAKI-LAKI"): try without it. */
	for (p = strchr(f->v[k], ' '); s == NULL && p != NULL;
	    p = strchr(p + 1, ' ')) {
		s = ktp_snap(p + 1, cands, n, &d);
		if (s != NULL)
			d += 1;		/* the noise costs some confidence */
	}
	if (s == NULL) {
		f->conf[k] *= 0.5;
		return NULL;
	}
	if (d > 0)
		f->conf[k] *= 1.0 - (double)d / (double)(len + 1);
	free(f->v[k]);
	f->v[k] = xstrdup(s);
	return s;
}

/* The index of the snapped name in c, or -1. */
static int
snap_region(struct ktp_fields *f, int k, struct cands *c)
{
	const char *s = snap_field(f, k, (const char *const *)c->name, c->n);
	size_t i;

	for (i = 0; s && i < c->n; i++)
		if (c->name[i] == s)
			return (int)i;
	return -1;
}

/*
 * The province (its name in p, the provinces) of the one kabupaten or kota
 * in the country named v; NULL when none is, or several.
 */
static const char *
province_of_city(const struct cands *p, const char *v)
{
	struct cands c;
	const char *name = NULL;
	size_t i, j;
	int hits = 0;

	memset(&c, 0, sizeof c);
	for (i = 0; i < p->n; i++) {
		if (i + 1 < p->n && strcmp(p->code[i], p->code[i + 1]) == 0)
			continue;	/* an alias follows: take it */
		wilayah_children(p->code[i], cand_add, &c);
		for (j = 0; j < c.n; j++)
			if (strcasecmp(c.name[j], v) == 0 && (name == NULL ||
			    strcmp(name, p->name[i]) != 0)) {
				hits++;
				name = p->name[i];
			}
		cands_free(&c);
	}
	return hits == 1 ? name : NULL;
}

/* Provinsi, kabupaten/kota, kecamatan, kelurahan against Kemendagri. */
static void
clean_regions(struct ktp_fields *f)
{
	struct cands c;
	char kec[16] = "";
	const char *home;
	size_t k;
	int i;

	memset(&c, 0, sizeof c);
	wilayah_provinces(cand_add, &c);
	/* A province not read as any is named, under a kabupaten or kota
	 * read whole that the country has only one of: that one's province
	 * (a half-cut "JAWA TEmuar" over KABUPATEN PURWOREJO is Central
	 * Java's, not East Java's). */
	for (k = 0; f->v[KTP_PROVINSI] && k < c.n &&
	    strcasecmp(c.name[k], f->v[KTP_PROVINSI]) != 0; k++)
		;
	if (f->v[KTP_PROVINSI] && k == c.n && f->v[KTP_KABKOTA] &&
	    (home = province_of_city(&c, f->v[KTP_KABKOTA])) != NULL) {
		free(f->v[KTP_PROVINSI]);
		f->v[KTP_PROVINSI] = xstrdup(home);
		f->conf[KTP_PROVINSI] = f->conf[KTP_KABKOTA] * 0.9;
	}
	i = snap_region(f, KTP_PROVINSI, &c);
	if (i >= 0) {
		char prov[16];

		snprintf(prov, sizeof prov, "%s", c.code[i]);
		cands_free(&c);
		wilayah_children(prov, cand_add, &c);
		i = snap_region(f, KTP_KABKOTA, &c);
		if (i >= 0)
			snprintf(f->city, sizeof f->city, "%.2s%.2s",
			    c.code[i], c.code[i] + 3);
	}
	cands_free(&c);
	if (*f->city == '\0')
		return;
	wilayah_children(f->city, cand_add, &c);
	i = snap_region(f, KTP_KECAMATAN, &c);
	if (i >= 0)
		snprintf(kec, sizeof kec, "%s", c.code[i]);
	cands_free(&c);
	if (*kec)
		wilayah_children(kec, cand_add, &c);
	snap_region(f, KTP_KELDESA, &c);
	cands_free(&c);
}

/*
 * How surely the address read lies in kabupaten or kota code (PPKK): its
 * kecamatan one of the region's, its kelurahan/desa one of that
 * kecamatan's, together within an eighth of their letters in edits. 0 when
 * it does not.
 */
static double
address_in(const struct ktp_fields *f, const char *code)
{
	struct cands kec, kel;
	const char *k, *l;
	double sure = 0, sure2;
	size_t lk = strlen(f->v[KTP_KECAMATAN]), ll = strlen(f->v[KTP_KELDESA]);
	size_t i;
	int dk, dl;

	memset(&kec, 0, sizeof kec);
	memset(&kel, 0, sizeof kel);
	wilayah_children(code, cand_add, &kec);
	k = ktp_snap(f->v[KTP_KECAMATAN], (const char *const *)kec.name, kec.n,
	    &dk);
	for (i = 0; k && i < kec.n && kec.name[i] != k; i++)
		;
	if (k && i < kec.n) {
		wilayah_children(kec.code[i], cand_add, &kel);
		l = ktp_snap(f->v[KTP_KELDESA], (const char *const *)kel.name,
		    kel.n, &dl);
		if (l && (size_t)(dk + dl) * 8 <= lk + ll) {
			sure = f->conf[KTP_KECAMATAN] * (1.0 - (double)dk /
			    (double)(lk + 1));
			sure2 = f->conf[KTP_KELDESA] * (1.0 - (double)dl /
			    (double)(ll + 1));
			sure = sure2 < sure ? sure2 : sure;
		}
		cands_free(&kel);
	}
	cands_free(&kec);
	return sure;
}

bool
ktp_region_of_address(const struct ktp_fields *f, char *prov, size_t psz,
    char *kab, size_t ksz, double *conf)
{
	const char *nik = f->v[KTP_NIK], *pn, *kn;
	char code[5];
	size_t pl, kl, i;

	*conf = 0;
	if (nik == NULL || strspn(nik, "0123456789") < 4 ||
	    f->v[KTP_KECAMATAN] == NULL || f->v[KTP_KELDESA] == NULL)
		return false;
	snprintf(code, sizeof code, "%.2s", nik);
	if ((pn = wilayah_name(code, &pl)) == NULL)
		return false;
	snprintf(code, sizeof code, "%.4s", nik);
	if ((kn = wilayah_name(code, &kl)) == NULL)
		return false;
	/* Where cards print another name than the list's, or one of
	 * several, only the header itself tells. */
	for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strncmp(pn, aliases[i].full, pl) == 0 &&
		    aliases[i].full[pl] == '\0')
			return false;
	if (kl >= 18 && strncmp(kn, "KOTA ADMINISTRASI ", 18) == 0)
		return false;
	if ((*conf = address_in(f, code)) <= 0)
		return false;
	snprintf(prov, psz, "%.*s", (int)pl, pn);
	if (kl > 5 && strncmp(kn, "KAB. ", 5) == 0)
		snprintf(kab, ksz, "KABUPATEN %.*s", (int)kl - 5, kn + 5);
	else
		snprintf(kab, ksz, "%.*s", (int)kl, kn);
	return true;
}

/* "DD-MM-YYYY" (digits, any separators) to "YYYY-MM-DD"; NULL if none. */
static char *
date_of(const char *s)
{
	char *d = ktp_digits(s), *r = NULL;
	int dd, mm, yy;

	if (strlen(d) >= 8) {
		const char *p = d + strlen(d) - 8;

		dd = (p[0] - '0') * 10 + p[1] - '0';
		mm = (p[2] - '0') * 10 + p[3] - '0';
		yy = ((p[4] - '0') * 10 + p[5] - '0') * 100 +
		    (p[6] - '0') * 10 + p[7] - '0';
		if (dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12 && yy >= 1900 &&
		    yy <= 2100)
			r = xasprintf("%04d-%02d-%02d", yy, mm, dd);
	}
	free(d);
	return r;
}

/* "PEKALONGAN, 12-03-1985" into tempat and tanggal lahir. */
static void
clean_birth(struct ktp_fields *f)
{
	char *v = f->v[KTP_TEMPAT], *comma, *date;
	size_t i;

	if (v == NULL)
		return;
	comma = strrchr(v, ',');
	/* No comma read: the place ends where the digits begin. */
	if (comma == NULL)
		for (i = 0; v[i]; i++)
			if (isdigit((unsigned char)v[i])) {
				comma = v + i;
				break;
			}
	if (comma == NULL)
		return;
	date = date_of(comma);
	if (date) {
		f->v[KTP_TANGGAL] = date;
		f->conf[KTP_TANGGAL] = f->conf[KTP_TEMPAT];
		f->box[KTP_TANGGAL] = f->box[KTP_TEMPAT];
		/* "31-06-1960": kept as read, for the verifier to look at. */
		if (!identity_date_ok(atoi(date), atoi(date + 5),
		    atoi(date + 8)) && f->conf[KTP_TANGGAL] > 0.3)
			f->conf[KTP_TANGGAL] = 0.3;
	}
	*comma = '\0';
	str_trim(v);
	if (*v == '\0') {
		free(v);
		f->v[KTP_TEMPAT] = NULL;
	}
}

/*
 * RT/RW is NNN/NNN. Around a '/' that was read: three digits on each side
 * of it (noise before, a ':' read as "1", falls off the left). Without
 * one: seven digits are the slash read as a digit ("0101005"), eight a
 * ':' before that; otherwise the last six.
 */
static char *
rtrw_of(const char *v)
{
	const char *slash = strrchr(v, '/');
	char *d, *l, *r, *out = NULL;
	size_t n;

	if (slash) {
		l = xstrndup(v, (size_t)(slash - v));
		d = ktp_digits(l);
		r = ktp_digits(slash + 1);
		free(l);
		n = strlen(d);
		/* "3/007" is RT 003: the zeros before a short RT. */
		if (n >= 1 && n <= 6 && strlen(r) >= 3)
			out = xasprintf("%.*s%s/%.3s", n < 3 ? (int)(3 - n) : 0,
			    "000", d + (n > 3 ? n - 3 : 0), r);
		free(d);
		free(r);
		if (out && strlen(out) == 7)
			return out;
		free(out);
		out = NULL;
	}
	d = ktp_digits(v);
	n = strlen(d);
	if (n == 7 || n == 8)
		out = xasprintf("%.3s/%.3s", d + n - 7, d + n - 3);
	else if (n >= 6)
		out = xasprintf("%.3s/%.3s", d + n - 6, d + n - 3);
	free(d);
	return out;
}

/*
 * RT and RW numbers run to a few dozen (an RW holds some ten RTs, a
 * kelurahan some tens of RWs): a three-digit one from 100 up is a leading
 * 0 read as 1 ("114/004"). Set right, with its confidence lowered for
 * the verifier.
 */
static void
clean_rtrw(struct ktp_fields *f)
{
	char *r;
	int k;

	if (f->v[KTP_RTRW] == NULL)
		return;
	if ((r = rtrw_of(f->v[KTP_RTRW])) != NULL) {
		free(f->v[KTP_RTRW]);
		f->v[KTP_RTRW] = r;
		for (k = 0; k <= 4; k += 4)
			if (r[k] == '1') {
				r[k] = '0';
				f->conf[KTP_RTRW] *= 0.8;
			}
	} else
		f->conf[KTP_RTRW] *= 0.5;
}

static void
clean_goldar(struct ktp_fields *f)
{
	static const char *const gol[] = { "A", "B", "AB", "O", "-" };
	char *v = f->v[KTP_GOLDAR], *w;
	const char *p;

	if (v == NULL)
		return;
	/* Letters only: "0" for "O", "8" for "B", "4" for "A" are usual. */
	for (p = v, w = v; *p; p++)
		if (*p == '0')
			*w++ = 'O';
		else if (*p == '8')
			*w++ = 'B';
		else if (*p == '4')
			*w++ = 'A';
		else if (isalpha((unsigned char)*p) || *p == '-')
			*w++ = *p;
	*w = '\0';
	if (*v == '\0') {
		free(v);
		f->v[KTP_GOLDAR] = xstrdup("-");
		return;
	}
	snap_field(f, KTP_GOLDAR, gol, 5);
}

static const char *const jk[] = { "LAKI-LAKI", "PEREMPUAN" };
static const char *const agama[] = { "ISLAM", "KRISTEN", "KATOLIK",
    "HINDU", "BUDDHA", "KHONGHUCU", "KEPERCAYAAN TERHADAP TUHAN YME" };
static const char *const kawin[] = { "BELUM KAWIN", "KAWIN", "CERAI HIDUP",
    "CERAI MATI" };
static const char *const wn[] = { "WNI", "WNA" };
static const char *const pekerjaan[] = { "BELUM/TIDAK BEKERJA",
    "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "PENSIUNAN",
    "PEGAWAI NEGERI SIPIL (PNS)", "PEGAWAI NEGERI SIPIL",
    "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "PERDAGANGAN",
    "PETANI/PEKEBUN", "NELAYAN/PERIKANAN", "KARYAWAN SWASTA",
    "KARYAWAN BUMN", "KARYAWAN BUMD", "KARYAWAN HONORER", "BURUH HARIAN LEPAS",
    "GURU", "DOSEN", "DOKTER", "BIDAN", "PERAWAT", "WIRASWASTA",
    "PEDAGANG", "SOPIR", "TUKANG JAHIT", "BURUH TANI/PERKEBUNAN" };

static void
clean_berlaku(struct ktp_fields *f)
{
	static const char *const sh[] = { "SEUMUR HIDUP" };
	char *d;

	if (f->v[KTP_BERLAKU] == NULL)
		return;
	if ((d = date_of(f->v[KTP_BERLAKU])) != NULL) {
		free(f->v[KTP_BERLAKU]);
		f->v[KTP_BERLAKU] = d;
		return;
	}
	snap_field(f, KTP_BERLAKU, sh, 1);
}

/*
 * Only a citizen's KTP-el is valid for life (UU 24/2013 Pasal 64 ayat 7;
 * a foreigner's lasts as long as his residence permit): under SEUMUR
 * HIDUP, a nationality read as anything else, or as nothing on its row,
 * is WNI, as sure as the validity. Call after clean_berlaku.
 */
static void
clean_wn(struct ktp_fields *f)
{
	snap_field(f, KTP_WN, wn, 2);
	if (f->v[KTP_BERLAKU] == NULL ||
	    strcmp(f->v[KTP_BERLAKU], "SEUMUR HIDUP") != 0 ||
	    (f->v[KTP_WN] && strcmp(f->v[KTP_WN], "WNI") == 0))
		return;
	free(f->v[KTP_WN]);
	f->v[KTP_WN] = xstrdup("WNI");
	f->conf[KTP_WN] = f->conf[KTP_BERLAKU] * 0.8;
}

static void
trim_tail(char *v)
{
	size_t n = strlen(v);

	while (n > 0 && strchr(".,;:'`!", v[n - 1]) != NULL)
		v[--n] = '\0';
	str_trim(v);
}

/* Squeeze spaces, drop stray ':', leading dashes and control bytes. */
static void
tidy(char *v)
{
	char *w = v;
	const char *p = v;

	/* Leading punctuation ("— KAWIN", ". ISLAM"), but a lone "-" stays. */
	while (*p && strcmp(p, "-") != 0 && !isalnum((unsigned char)*p) &&
	    *p != '(')
		p++;
	for (; *p; p++)
		if (*p != ':' && *p != '|' && *p != '_' &&
		    (unsigned char)*p >= 0x20)
			*w++ = *p;
	*w = '\0';
	str_trim(v);
	str_squeeze(v);
}

static const char *const abbr[] = { "JL", "GG", "NO", "DS", "KP",
    "DSN", "DK", "KEL", "KEC", "PERUM", "KOMP", "BLK" };

/* Is v[from..to) one of the abbreviations, or "DR"? */
static bool
is_abbr(const char *v, size_t from, size_t to)
{
	size_t i;

	if (to - from == 2 && strncmp(v + from, "DR", 2) == 0)
		return true;
	for (i = 0; i < sizeof abbr / sizeof *abbr; i++)
		if (strlen(abbr[i]) == to - from &&
		    strncmp(v + from, abbr[i], to - from) == 0)
			return true;
	return false;
}

/* Is the word ending at v[i - 1] a Roman numeral (I, V, X; L for I)? */
static bool
roman_before(const char *v, size_t i)
{
	size_t k = i;

	while (k > 0 && strchr("IVXL", v[k - 1]) != NULL)
		k--;
	return i - k <= 4 && (k == 0 || v[k - 1] == ' ') && k > 0;
}

/*
 * The spaces the card prints and the OCR may lose: after an abbreviation's
 * dot ("NO.9" -> "NO. 9") and between a number and "NO."/"GG." ("3NO.").
 * The caller owns the result.
 */
/*
 * A gang's Roman numeral glued to its name ("GG. KENANGAIV NO. 9"): at i
 * a numeral that ends the word, the word the one after "GG.", "NO." after
 * it; before the numeral a letter that is no numeral's, and a vowel when
 * the numeral starts with I: "MELATIII" (MELATI II or MELAT III?) and
 * "MAWARII" (MAWARI I?) stay as read.
 */
static bool
roman_glued(const char *v, size_t i)
{
	static const char *const rn[] = { "II", "III", "IV", "VI", "VII",
	    "VIII", "IX" };
	size_t k, n, start;

	if (i < 3 || !isupper((unsigned char)v[i - 1]) ||
	    strchr("IVXL", v[i - 1]) != NULL ||
	    (v[i] == 'I' && strchr("AEOU", v[i - 1]) == NULL))
		return false;
	for (start = i; start > 0 && isalpha((unsigned char)v[start - 1]);
	    start--)
		;
	if (i - start < 3 || start < 4 || strncmp(v + start - 4, "GG. ", 4))
		return false;
	for (k = 0; k < sizeof rn / sizeof *rn; k++) {
		n = strlen(rn[k]);
		if (strncmp(v + i, rn[k], n) == 0 && strncmp(v + i + n, " NO.",
		    4) == 0)
			return true;
	}
	return false;
}

static char *
alamat_spaces(const char *v)
{
	struct buf b;
	size_t i, k;

	buf_init(&b, strlen(v) * 2 + 8);
	for (i = 0; v[i]; i++) {
		if (i > 0 && isdigit((unsigned char)v[i - 1]) &&
		    (strncmp(v + i, "NO.", 3) == 0 ||
		    strncmp(v + i, "GG.", 3) == 0))
			buf_addc(&b, ' ');
		if (roman_glued(v, i))
			buf_addc(&b, ' ');
		/* A gang's Roman numeral run into "NO." ("IINO. 23"). */
		if (i > 0 && strncmp(v + i, "NO.", 3) == 0 &&
		    strchr("IVXL", v[i - 1]) != NULL && roman_before(v, i))
			buf_addc(&b, ' ');
		if (i > 1 && v[i - 1] == '.' && isalnum((unsigned char)v[i])) {
			for (k = i - 1; k > 0 && isalpha((unsigned char)v[k - 1]);
			    k--)
				;
			if (is_abbr(v, k, i - 1))
				buf_addc(&b, ' ');
		}
		buf_addc(&b, v[i]);
	}
	return buf_steal(&b, NULL);
}

/* "N0." is always "NO." (zero for O before a house number). */
static void
alamat_zero(char *v)
{
	size_t i;

	for (i = 0; v[i] && v[i + 1] && v[i + 2]; i++)
		if (v[i] == 'N' && v[i + 1] == '0' && v[i + 2] == '.' &&
		    (i == 0 || !isalpha((unsigned char)v[i - 1])))
			v[i + 1] = 'O';
}

/*
 * "JL-", "J..", "JX..", "JM.": J, at most one letter like L, then dots;
 * "JA.", "JK": J and one other letter, with or without its dot (no
 * address opens with another two-letter word in J); or "XL.", "IL.",
 * "3L.": the J misread before an L and a dot.
 */
static bool
is_jl(const char *t)
{
	size_t n = strlen(t), l;

	if (n == 3 && strchr("XI1|3T", t[0]) && t[1] == 'L' && t[2] == '.')
		return true;
	if (t[0] == 'J' && isupper((unsigned char)t[1]) && (t[2] == '\0' ||
	    (strchr(".,", t[2]) && t[3] == '\0')))
		return strcmp(t, "JL.") != 0;
	if (t[0] != 'J' || n < 2 || n > 4)
		return false;
	l = strspn(t + 1, "LXI1|M");
	return l <= 1 && strspn(t + 1 + l, ".,-") == n - 1 - l &&
	    n - 1 - l > 0 && strcmp(t, "JL.") != 0;
}

/*
 * One word of an address as the card prints it, given its neighbours
 * (prev "" at the start, next "" at the end): OCR slips in the card's
 * own abbreviations and house numbers. Returns tok or a static string;
 * *glued when a "NO." was cut off the end of tok (to be added after it).
 */
static const char *
alamat_word(char *tok, const char *prev, const char *next, bool after_no,
    bool *glued)
{
	static const char *const no[] = { "NO", "N0", "NOL", "NG.", "NC",
	    "NC.", "NO:", "NO;" };
	size_t i, n = strlen(tok);

	if (n > 1 && tok[n - 1] == ',')
		tok[n - 1] = '.';	/* "NO," read for "NO." */
	/* A street name run into "NO." ("PEMUDANO. 38"): kept apart. */
	if (n > 5 && strcmp(tok + n - 3, "NO.") == 0 &&
	    isdigit((unsigned char)*next) && isalpha((unsigned char)tok[n - 4])) {
		tok[n - 3] = '\0';
		*glued = true;
		return tok;
	}
	/* "NO." before a house number, however it was misread. */
	for (i = 0; i < sizeof no / sizeof *no; i++)
		if (strcmp(tok, no[i]) == 0 && isdigit((unsigned char)*next))
			return "NO.";
	/* "JL." opens most addresses: "JL-", "J..", "JX..". */
	if (*prev == '\0' && is_jl(tok))
		return "JL.";
	if (*prev == '\0' && strcmp(tok, "OK.") == 0)
		return "DK.";
	/* Raden Ajeng, as street names print it. */
	if (strcmp(tok, "RA.") == 0 || strcmp(tok, "RLA.") == 0 ||
	    strcmp(tok, "R,A.") == 0 || strcmp(tok, "R.A") == 0)
		return "R.A.";
	/* Doktor and Kyai Haji before a street's name: their dot dropped,
	 * or D read as O. */
	if (*next != '\0' && isalpha((unsigned char)*next) &&
	    (strcmp(tok, "DR") == 0 || strcmp(tok, "OR.") == 0))
		return "DR.";
	if (*next != '\0' && isalpha((unsigned char)*next) &&
	    strcmp(tok, "KH") == 0)
		return "KH.";
	/* A gang's Roman numeral: "IL" is "II" ("MAWAR IL NO. 23"). */
	if (n >= 2 && n <= 3 && strspn(tok, "IL") == n && strchr(tok, 'L') &&
	    isalpha((unsigned char)*prev) && strncmp(next, "NO.", 3) == 0) {
		for (i = 0; i < n; i++)
			tok[i] = 'I';
		return tok;
	}
	/* A house number's letter read as a digit: "NO. 127 8" is 127 B. */
	if (after_no && n == 1 && (*tok == '8' || *tok == '4') && *next ==
	    '\0')
		return *tok == '8' ? "B" : "A";
	return tok;
}

/* "JL SUDIRMAN NO, 5" -> "JL. SUDIRMAN NO. 5": the card's abbreviations. */
static void
clean_alamat(struct ktp_fields *f)
{
	struct buf b;
	char *v, *tok[64];
	const char *w, *prev = "";
	size_t i, k, len, nt = 0;
	bool after_no = false, glued;

	if (f->v[KTP_ALAMAT] == NULL)
		return;
	alamat_zero(f->v[KTP_ALAMAT]);
	v = alamat_spaces(f->v[KTP_ALAMAT]);
	free(f->v[KTP_ALAMAT]);
	len = strlen(v);
	/* Words in place (a longer address keeps its tail in the last). */
	for (i = 0; v[i] && nt < sizeof tok / sizeof *tok; ) {
		while (v[i] == ' ')
			v[i++] = '\0';
		if (v[i])
			tok[nt++] = v + i;
		while (v[i] && v[i] != ' ')
			i++;
		if (nt == sizeof tok / sizeof *tok)
			break;
	}
	buf_init(&b, 2 * len + 16);
	for (k = 0; k < nt; k++) {
		glued = false;
		w = alamat_word(tok[k], prev, k + 1 < nt ? tok[k + 1] : "",
		    after_no, &glued);
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w);
		if (glued) {
			buf_adds(&b, " NO.");
			w = "NO.";
		}
		for (i = 0; i < sizeof abbr / sizeof *abbr; i++)
			if (strcmp(w, abbr[i]) == 0 && strcmp(w, "PERUM"))
				buf_addc(&b, '.');
		/* The house number just after "NO.": its letter may follow. */
		after_no = strcmp(w, "NO.") != 0 && strcmp(prev, "NO.") == 0 &&
		    isdigit((unsigned char)*w);
		prev = w;
	}
	free(v);
	f->v[KTP_ALAMAT] = buf_steal(&b, NULL);
}

/*
 * The Javanese titles a name may open with, as the card prints them. The
 * engine drops one of their small dots ("RA.", "R.A"); a first word that
 * kept a dot and spells one of them is set right. "RA" with no dot at all
 * stays: it may be a name.
 */
static const char *const gelar[] = { "R.A.", "R.AY.", "R.M.", "R.R.",
    "K.H." };

static void
clean_gelar(struct ktp_fields *f)
{
	char *v = f->v[KTP_NAMA], *sp, a[16], b[16];
	size_t n, i, k, la, lb;

	if (v == NULL || (sp = strchr(v, ' ')) == NULL ||
	    (n = (size_t)(sp - v)) >= sizeof a || memchr(v, '.', n) == NULL)
		return;
	for (i = 0, la = 0; i < n; i++)
		if (v[i] != '.')
			a[la++] = v[i];
	a[la] = '\0';
	for (k = 0; k < sizeof gelar / sizeof *gelar; k++) {
		for (i = 0, lb = 0; gelar[k][i]; i++)
			if (gelar[k][i] != '.')
				b[lb++] = gelar[k][i];
		b[lb] = '\0';
		if (strcmp(a, b) == 0 && (n != strlen(gelar[k]) ||
		    strncmp(v, gelar[k], n) != 0)) {
			f->v[KTP_NAMA] = xasprintf("%s%s", gelar[k], sp);
			free(v);
			return;
		}
	}
}

/* An initial is "M." wherever the OCR read "M,": a comma in a name only
 * comes before a title, after a whole word. */
static void
clean_nama(struct ktp_fields *f)
{
	char *v = f->v[KTP_NAMA];
	size_t i;

	for (i = 0; v && v[i]; i++)
		if (v[i] == ',' && i >= 1 && isalpha((unsigned char)v[i - 1]) &&
		    (i == 1 || v[i - 2] == ' ') && v[i + 1] == ' ')
			v[i] = '.';
	clean_gelar(f);
}

void
ktp_clean(struct ktp_fields *f)
{
	char *d;
	int i;

	for (i = 0; i < KTP_NFIELDS; i++)
		if (f->v[i]) {
			tidy(f->v[i]);
			/* "BOGOR." : a stray dot or comma after a name. */
			if (i != KTP_ALAMAT && i != KTP_NAMA)
				trim_tail(f->v[i]);
		}
	if (f->v[KTP_NIK]) {
		d = ktp_digits(f->v[KTP_NIK]);
		free(f->v[KTP_NIK]);
		f->v[KTP_NIK] = d;
		if (strlen(d) != 16)
			f->conf[KTP_NIK] *= 0.5;
	}
	clean_birth(f);
	if (f->v[KTP_TEMPAT])
		trim_tail(f->v[KTP_TEMPAT]);
	clean_alamat(f);
	clean_nama(f);
	clean_rtrw(f);
	clean_goldar(f);
	clean_berlaku(f);
	snap_field(f, KTP_JK, jk, 2);
	snap_field(f, KTP_AGAMA, agama, sizeof agama / sizeof *agama);
	snap_field(f, KTP_STATUS, kawin, sizeof kawin / sizeof *kawin);
	clean_wn(f);
	/* Occupations outside the common list stay as read. */
	if (f->v[KTP_PEKERJAAN] && ktp_snap(f->v[KTP_PEKERJAAN], pekerjaan,
	    sizeof pekerjaan / sizeof *pekerjaan, NULL))
		snap_field(f, KTP_PEKERJAAN, pekerjaan,
		    sizeof pekerjaan / sizeof *pekerjaan);
	clean_regions(f);
}

static bool
in_list(const char *v, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

bool
ktp_field_fits(const struct ktp_fields *f, int k)
{
	static const char *const gol[] = { "A", "B", "AB", "O", "-" };
	static const char *const sh[] = { "SEUMUR HIDUP" };
	const char *v = f->v[k];

	switch (k) {
	case KTP_NIK:
		return v && strlen(v) == 16 && strspn(v, "0123456789") == 16;
	case KTP_TANGGAL:
		return v != NULL;
	case KTP_RTRW:
		return v && strlen(v) == 7 && strspn(v, "0123456789") == 3 &&
		    v[3] == '/' && strspn(v + 4, "0123456789") == 3;
	case KTP_JK:
		return in_list(v, jk, 2);
	case KTP_GOLDAR:
		return in_list(v, gol, 5);
	case KTP_AGAMA:
		return in_list(v, agama, sizeof agama / sizeof *agama);
	case KTP_STATUS:
		return in_list(v, kawin, sizeof kawin / sizeof *kawin);
	case KTP_WN:
		return in_list(v, wn, 2);
	case KTP_BERLAKU:
		return in_list(v, sh, 1) || (v && strlen(v) == 10 &&
		    v[4] == '-');
	case KTP_KABKOTA:
		return f->city[0] != '\0';
	case KTP_PEKERJAAN:	/* the common ones; others stay as read */
		return in_list(v, pekerjaan, sizeof pekerjaan /
		    sizeof *pekerjaan);
	default:
		return v != NULL;
	}
}

int
ktp_fitting(const struct ktp_fields *f)
{
	static const int closed[] = { KTP_NIK, KTP_TANGGAL, KTP_RTRW, KTP_JK,
	    KTP_GOLDAR, KTP_AGAMA, KTP_STATUS, KTP_WN, KTP_BERLAKU,
	    KTP_KABKOTA };
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof closed / sizeof *closed; i++)
		n += ktp_field_fits(f, closed[i]);
	return n;
}

void
ktp_merge(struct ktp_fields *f, struct ktp_fields *g)
{
	int k, a, b;

	for (k = 0; k < KTP_NFIELDS; k++) {
		if (g->v[k] == NULL || k == KTP_NIK || k == KTP_PROVINSI ||
		    k == KTP_KABKOTA)
			continue;
		a = ktp_field_fits(f, k);
		b = ktp_field_fits(g, k);
		free(f->alt[k]);
		if (b < a || (b == a && g->conf[k] <= f->conf[k] + 0.02)) {
			f->alt[k] = g->v[k];
			g->v[k] = NULL;
			continue;
		}
		f->alt[k] = f->v[k];
		f->v[k] = g->v[k];
		g->v[k] = NULL;
		f->conf[k] = g->conf[k];
		f->box[k] = g->box[k];
	}
}
