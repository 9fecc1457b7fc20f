/* identity (validate stage): NIK, NIP, name and e-mail rules; pure. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "identity.h"
#include "log.h"
#include "util.h"
#include "wilayah.h"
#include "xmem.h"

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* n digits at s as a number (s is known to be digits). */
static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
identity_date_ok(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

enum pl_status
identity_nik(const char *s, int now_year, struct nik *out, const char **why)
{
	char code[7];
	int yy;

	memset(out, 0, sizeof *out);
	if (!all_digits(s, 16)) {
		*why = "NIK harus 16 digit angka";
		return PL_EINPUT;
	}
	memcpy(out->digits, s, 17);
	memcpy(code, s, 6);
	code[6] = '\0';
	memcpy(out->region, code, 7);
	out->day = num(s + 6, 2);
	out->month = num(s + 8, 2);
	yy = num(s + 10, 2);
	out->serial = num(s + 12, 4);
	out->female = out->day > 40;
	if (out->female)
		out->day -= 40;
	/* The century that makes the person 0-99 years old now. */
	out->year = 2000 + yy;
	if (out->year > now_year)
		out->year -= 100;
	if (wilayah_name(code, NULL) == NULL) {
		*why = "kode wilayah NIK tidak terdaftar di Kemendagri";
		return PL_EINPUT;
	}
	if (!identity_date_ok(out->year, out->month, out->day)) {
		*why = "tanggal lahir pada NIK tidak valid";
		return PL_EINPUT;
	}
	if (out->serial == 0) {
		*why = "nomor urut NIK tidak boleh 0000";
		return PL_EINPUT;
	}
	return PL_OK;
}

enum pl_status
identity_nip(const char *s, struct nip *out, const char **why)
{
	int g;

	memset(out, 0, sizeof *out);
	if (!all_digits(s, 18)) {
		*why = "NIP harus 18 digit angka";
		return PL_EINPUT;
	}
	memcpy(out->digits, s, 19);
	out->year = num(s, 4);
	out->month = num(s + 4, 2);
	out->day = num(s + 6, 2);
	out->ayear = num(s + 8, 4);
	out->amonth = num(s + 12, 2);
	g = num(s + 14, 1);
	out->female = g == 2;
	out->serial = num(s + 15, 3);
	if (!identity_date_ok(out->year, out->month, out->day)) {
		*why = "tanggal lahir pada NIP tidak valid";
		return PL_EINPUT;
	}
	if (out->ayear < 1950 || out->ayear > 2100 || out->amonth < 1 ||
	    out->amonth > 12 || out->ayear * 12 + out->amonth <
	    (out->year + 18) * 12 + out->month) {
		*why = "bulan pengangkatan pada NIP tidak valid";
		return PL_EINPUT;
	}
	if (g != 1 && g != 2) {
		*why = "digit jenis kelamin NIP harus 1 atau 2";
		return PL_EINPUT;
	}
	if (out->serial == 0) {
		*why = "nomor urut NIP tidak boleh 000";
		return PL_EINPUT;
	}
	return PL_OK;
}

/* Titles written before a name; compared without dots, upper case. */
static const char *const prefix_titles[] = { "DR", "DRS", "DRA", "IR",
    "PROF", "H", "HJ", "KH", "HC", "DRG", "NS", "APT", "BPK", "IBU", "SDR",
    "SDRI", "TN", "NY", "R", "RA", "RR", "RM" };

static bool
is_prefix_title(const char *tok, size_t n)
{
	char t[8];
	size_t i, k = 0;

	for (i = 0; i < n && k < sizeof t - 1; i++)
		if (tok[i] != '.')
			t[k++] = (char)toupper((unsigned char)tok[i]);
	t[k] = '\0';
	/* Only with a dot ("H.", "R.") do one-letter titles count. */
	if (k <= 2 && memchr(tok, '.', n) == NULL && k != 2)
		return false;
	for (i = 0; i < sizeof prefix_titles / sizeof *prefix_titles; i++)
		if (strcmp(t, prefix_titles[i]) == 0)
			return true;
	return false;
}

/* Degrees after a name, letters only, upper case ("S.Kom." -> SKOM). */
static const char *const degrees[] = { "SKOM", "ST", "SSOS", "SH", "SE",
    "SPD", "SIP", "SAP", "SSTP", "STP", "SKM", "SKEP", "SFARM", "SSI",
    "SPSI", "SAK", "SIKOM", "SP", "SPT", "STR", "STRT", "SHUT", "SPI",
    "SKED", "SPSIKOLOG", "SAG", "SHI", "SPDI", "SS", "SDS", "SGZ", "SKG",
    "SAB", "SPWK", "SIA", "SMB", "MT", "MSI", "MM", "MKOM", "MAP", "MPD",
    "MH", "ME", "MKES", "MSC", "MA", "MAK", "MKN", "MPH", "MIP", "MEC",
    "AMD", "AMDKEP", "AMDKEB", "AMDKES", "AMDAK", "AMDFARM", "AMDGZ",
    "AMDTEK", "AMDKOM", "AMDPAR", "AMA", "PHD", "MBA", "DI", "DII",
    "DIII", "DIV" };

/* A degree written after a name without a comma: "S.Kom", "M.T", "A.Md". */
static bool
is_suffix_degree(const char *tok, size_t n)
{
	char t[16];
	size_t i, k = 0;

	if (memchr(tok, '.', n) == NULL)
		return false;
	for (i = 0; i < n && k < sizeof t - 1; i++)
		if (isalpha((unsigned char)tok[i]))
			t[k++] = (char)toupper((unsigned char)tok[i]);
		else if (tok[i] != '.')
			return false;
	t[k] = '\0';
	for (i = 0; i < sizeof degrees / sizeof *degrees; i++)
		if (strcmp(t, degrees[i]) == 0)
			return true;
	return false;
}

/* Bytes of a typographic apostrophe at p (U+2018, U+2019, U+02BC), or 0. */
static size_t
apostrophe(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99))
		return 3;
	if (u[0] == 0xca && u[1] == 0xbc)
		return 2;
	return 0;
}

char *
identity_name_norm(const char *name)
{
	struct buf b;
	const char *p, *end, *tok;
	size_t n, k, mark;
	bool lead = true;

	if (name == NULL)
		return xstrdup("");
	/* Degrees follow the first comma: "Budi, S.Kom., M.T.". */
	end = strchr(name, ',');
	end = end ? end : name + strlen(name);
	buf_init(&b, (size_t)(end - name) + 1);
	for (p = name; p < end; ) {
		while (p < end && (isspace((unsigned char)*p) || *p == '-'))
			p++;
		tok = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - tok);
		if (n == 0)
			break;
		if ((lead && is_prefix_title(tok, n)) || is_suffix_degree(tok, n))
			continue;
		mark = b.len;
		for (; tok < p; tok++) {
			if ((k = apostrophe(tok)) != 0) {
				tok += k - 1;	/* "MA’RUF" like "MA'RUF" */
				continue;
			}
			if (isalpha((unsigned char)*tok) ||
			    ((unsigned char)*tok & 0x80))
				buf_addc(&b, (char)toupper((unsigned char)*tok));
		}
		/* A token without letters ("." or "|") adds no word. */
		if (b.len > mark) {
			buf_addc(&b, ' ');
			lead = false;
		}
	}
	if (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_steal(&b, NULL);
}

int
identity_name_distance(const char *a, const char *b)
{
	char *x = identity_name_norm(a), *y = identity_name_norm(b);
	size_t n = strlen(x), m = strlen(y), i, j;
	int *prev = xcalloc(m + 1, sizeof *prev), *cur = xcalloc(m + 1,
	    sizeof *cur), *t, d, best;

	for (j = 0; j <= m; j++)
		prev[j] = (int)j;
	for (i = 1; i <= n; i++) {
		cur[0] = (int)i;
		for (j = 1; j <= m; j++) {
			best = prev[j - 1] + (x[i - 1] != y[j - 1]);
			d = prev[j] + 1;
			best = d < best ? d : best;
			d = cur[j - 1] + 1;
			cur[j] = d < best ? d : best;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	d = prev[m];
	free(prev);
	free(cur);
	free(x);
	free(y);
	return d;
}

bool
identity_email_official(const char *email, char *const *domains, size_t nd)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	size_t i, dl, el;

	/* A name before the '@', and no empty label in the host. */
	if (at == NULL || at == email || at[1] == '.' ||
	    strstr(at, "..") != NULL)
		return false;
	el = strlen(at + 1);
	for (i = 0; i < nd; i++) {
		dl = strlen(domains[i]);
		if (strcasecmp(at + 1, domains[i]) == 0 || (el > dl + 1 &&
		    strcasecmp(at + 1 + el - dl, domains[i]) == 0 &&
		    at[el - dl] == '.'))
			return true;
	}
	return false;
}

static void
add(struct id_check *out, size_t *n, const char *name, enum id_verdict v,
    char *detail)
{
	if (*n >= ID_MAX_CHECKS) {
		free(detail);
		return;
	}
	out[*n].name = name;
	out[*n].verdict = v;
	out[(*n)++].detail = detail;
}

static const char *
mask(char *buf, size_t size, const char *digits)
{
	return log_mask(buf, size, digits ? digits : "");
}

/*
 * Two NIKs that differ in one digit of a pair OCR and typing confuse
 * (3/8, 5/6, 6/8, 0/8, 1/7, 4/9, ...): the verifier's eyes decide, not a
 * rule.
 */
static bool
confusable_one(const char *a, const char *b)
{
	static const char *const pairs[] = { "38", "35", "56", "68", "08",
	    "06", "89", "17", "49" };
	size_t i, k, diff = 0, at = 0, n = strlen(a);
	char p[3];

	if (n != strlen(b))
		return false;
	for (i = 0; i < n; i++)
		if (a[i] != b[i]) {
			diff++;
			at = i;
		}
	if (diff != 1)
		return false;
	p[0] = a[at] < b[at] ? a[at] : b[at];
	p[1] = a[at] < b[at] ? b[at] : a[at];
	p[2] = '\0';
	for (k = 0; k < sizeof pairs / sizeof *pairs; k++)
		if (strcmp(p, pairs[k]) == 0)
			return true;
	return false;
}

/* The NIK on the form and on the card: valid, and the same number. */
static void
check_niks(const struct identity_in *in, struct nik *nk, bool *have,
    struct id_check *out, size_t *n)
{
	const char *nik = in->ktp_nik ? in->ktp_nik : in->form_nik, *why;
	char m1[24], m2[24];

	*have = false;
	if (nik == NULL) {
		add(out, n, "nik_valid", ID_UNKNOWN, xstrdup("NIK tidak ada"));
		return;
	}
	if (identity_nik(nik, in->now_year, nk, &why) != PL_OK) {
		add(out, n, "nik_valid", ID_MISMATCH, xasprintf("NIK %s: %s",
		    mask(m1, sizeof m1, nik), why));
	} else {
		*have = true;
		add(out, n, "nik_valid", ID_OK, xasprintf("NIK %s valid",
		    mask(m1, sizeof m1, nik)));
	}
	if (in->form_nik == NULL || in->ktp_nik == NULL)
		return;
	if (strcmp(in->form_nik, in->ktp_nik) == 0)
		add(out, n, "nik_form_ktp", ID_OK,
		    xstrdup("NIK formulir sama dengan NIK KTP"));
	else if (confusable_one(in->form_nik, in->ktp_nik))
		add(out, n, "nik_form_ktp", ID_UNKNOWN, xasprintf("NIK pada "
		    "formulir %s dan pada KTP %s berbeda satu digit yang mudah "
		    "salah baca", mask(m1, sizeof m1, in->form_nik),
		    mask(m2, sizeof m2, in->ktp_nik)));
	else
		add(out, n, "nik_form_ktp", ID_MISMATCH, xasprintf("NIK pada "
		    "formulir %s tidak sama dengan NIK pada KTP %s",
		    mask(m1, sizeof m1, in->form_nik),
		    mask(m2, sizeof m2, in->ktp_nik)));
}

/* The NIK region against the card's city: a note, never an error. */
static void
check_region(const struct identity_in *in, const struct nik *nk,
    struct id_check *out, size_t *n)
{
	char city[5];
	size_t l1 = 0;
	const char *name = wilayah_name(nk->region, &l1);

	memcpy(city, nk->region, 4);
	city[4] = '\0';
	if (in->ktp_region && strncmp(in->ktp_region, city, 4) != 0)
		add(out, n, "nik_region", ID_OK, xasprintf("NIK terdaftar "
		    "pertama di %.*s, berbeda dengan alamat KTP (catatan, "
		    "bukan kesalahan)", (int)l1, name ? name : "?"));
	else
		add(out, n, "nik_region", ID_OK, xasprintf("wilayah NIK "
		    "%.*s", (int)l1, name ? name : "?"));
}

/* Birth date and sex in the NIK against what the card prints. */
static void
check_card(const struct identity_in *in, const struct nik *nk,
    struct id_check *out, size_t *n)
{
	char nikdate[16];
	bool female;

	snprintf(nikdate, sizeof nikdate, "%04d-%02d-%02d", nk->year,
	    nk->month, nk->day);
	if (in->ktp_lahir)
		add(out, n, "nik_tanggal_lahir", strcmp(nikdate,
		    in->ktp_lahir) ? ID_MISMATCH : ID_OK, strcmp(nikdate,
		    in->ktp_lahir) ? xasprintf("tanggal lahir pada NIK (%s) "
		    "tidak sama dengan tanggal lahir pada KTP (%s)", nikdate,
		    in->ktp_lahir) : xstrdup("tanggal lahir NIK sesuai KTP"));
	if (in->ktp_sex) {
		female = strcmp(in->ktp_sex, "PEREMPUAN") == 0;
		add(out, n, "nik_jenis_kelamin", female != nk->female ?
		    ID_MISMATCH : ID_OK, female != nk->female ?
		    xasprintf("NIK menunjukkan %s, KTP tertulis %s",
		    nk->female ? "PEREMPUAN" : "LAKI-LAKI", in->ktp_sex) :
		    xstrdup("jenis kelamin NIK sesuai KTP"));
	}
}

/* The NIP: valid, and its birth date and sex agree with the NIK. */
static void
check_nip(const struct identity_in *in, const struct nik *nk, bool have,
    struct id_check *out, size_t *n)
{
	struct nip np;
	const char *why;
	char m[24];

	if (in->form_nip == NULL) {
		add(out, n, "nip_valid", ID_UNKNOWN, xstrdup("NIP tidak ada"));
		return;
	}
	if (identity_nip(in->form_nip, &np, &why) != PL_OK) {
		add(out, n, "nip_valid", ID_MISMATCH, xasprintf("NIP %s: %s",
		    mask(m, sizeof m, in->form_nip), why));
		return;
	}
	add(out, n, "nip_valid", ID_OK, xasprintf("NIP %s valid",
	    mask(m, sizeof m, in->form_nip)));
	if (!have)
		return;
	if (np.year != nk->year || np.month != nk->month ||
	    np.day != nk->day)
		add(out, n, "nip_nik", ID_MISMATCH, xasprintf("tanggal lahir "
		    "pada NIP (%04d-%02d-%02d) tidak sama dengan NIK "
		    "(%04d-%02d-%02d)", np.year, np.month, np.day, nk->year,
		    nk->month, nk->day));
	else if (np.female != nk->female)
		add(out, n, "nip_nik", ID_MISMATCH, xasprintf("jenis kelamin "
		    "pada NIP (%s) tidak sama dengan NIK (%s)", np.female ?
		    "perempuan" : "laki-laki", nk->female ? "perempuan" :
		    "laki-laki"));
	else
		add(out, n, "nip_nik", ID_OK, xstrdup("tanggal lahir dan "
		    "jenis kelamin NIP sesuai NIK"));
}

/* Every word of the shorter name is a word of the longer one. */
static bool
words_within(const char *a, const char *b)
{
	const char *s = strlen(a) <= strlen(b) ? a : b;
	char *l = xasprintf(" %s ", s == a ? b : a), *w;
	const char *p;
	size_t k;
	bool ok = *s != '\0';

	for (p = s; ok && *p; p += k + (p[k] == ' ')) {
		k = strcspn(p, " ");
		w = xasprintf(" %.*s ", (int)k, p);
		ok = strstr(l, w) != NULL;
		free(w);
	}
	free(l);
	return ok;
}

/*
 * Names: equal within the OCR tolerance is a match; one name's words all
 * inside the other ("DIMAS" in "DIMAS ARYA NUGROHO": a short read or an
 * abbreviation) is for the verifier's eyes; anything else a mismatch.
 */
static void
check_names(const struct identity_in *in, struct id_check *out, size_t *n)
{
	char *a, *b;
	int d;
	enum id_verdict v;

	if (in->form_nama == NULL || in->ktp_nama == NULL)
		return;
	d = identity_name_distance(in->form_nama, in->ktp_nama);
	a = identity_name_norm(in->form_nama);
	b = identity_name_norm(in->ktp_nama);
	v = d <= in->max_name_distance ? ID_OK : words_within(a, b) ?
	    ID_UNKNOWN : ID_MISMATCH;
	add(out, n, "nama_form_ktp", v, d == 0 ?
	    xstrdup("nama formulir sama dengan nama KTP") :
	    xasprintf("nama pada formulir \"%s\" dan pada KTP \"%s\" berbeda "
	    "%d huruf%s", a, b, d, v == ID_OK ? " (dalam toleransi pembacaan)" :
	    ""));
	free(a);
	free(b);
}

size_t
identity_checks(const struct identity_in *in, struct id_check *out)
{
	struct nik nk;
	size_t n = 0;
	bool have;

	check_niks(in, &nk, &have, out, &n);
	if (have) {
		check_region(in, &nk, out, &n);
		check_card(in, &nk, out, &n);
	}
	check_nip(in, &nk, have, out, &n);
	check_names(in, out, &n);
	return n;
}

void
identity_checks_free(struct id_check *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].detail);
}
