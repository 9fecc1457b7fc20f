/* bench_letter: time to render (and sign) the letter; make bench-letter. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "calendar.h"
#include "conf.h"
#include "letter.h"
#include "pipeline.h"
#include "review.h"
#include "sign.h"
#include "util.h"
#include "xmem.h"

#define BENCH_SEED	20261121u
#define BENCH_DATE	1795226400	/* 2026-11-21 09:00 WIB */
#define BENCH_NUMBER	"000.8.3.3/15/Diskominfo"
#define BENCH_REASON	"Permohonan penerbitan sertifikat elektronik"
#define BENCH_MAX_RUNS	100000

struct opts {
	size_t		 people, runs;
	bool		 final;
	const char	*cert, *key;	/* borrowed (argv); NULL: unsigned */
	const char	*out, *json, *dump;
};

/* The applicants: rows pointing into strs. */
struct people {
	struct letter_person	*p;	/* owned */
	size_t			 n;
	char			**strs;	/* owned, each owned */
	size_t			 nstr, capstr;
};

struct rng {
	uint64_t	 s;
};

/* splitmix64: deterministic, the same rows on every machine. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

#define PICK(r, a)	((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])

static const char *const male[] = { "Ahmad", "Budi", "Agus", "Eko",
    "Hendra", "Rizky", "Fajar", "Yusuf", "Teguh", "Bambang", "Slamet",
    "Wahyu", "Arif", "Imam", "Muhammad", "Dimas", "Joko", "Hadi" };
static const char *const female[] = { "Siti", "Sri", "Dewi", "Nur",
    "Retno", "Ayu", "Rina", "Wulan", "Fitri", "Indah", "Puji", "Endah",
    "Nurul", "Anisa", "Kartika", "Yuliana" };
static const char *const family[] = { "Prasetyo", "Santoso", "Hidayat",
    "Nugroho", "Setiawan", "Wibowo", "Kurniawan", "Saputra", "Rahmawati",
    "Handayani", "Wijayanti", "Lestari", "Susanti", "Pratiwi", "Maharani",
    "Permatasari", "Rahayu", "Firmansyah", "Hermawan", "Kusumawardani" };
static const char *const pre_m[] = { "Dr. ", "Ir. ", "H. " };
static const char *const pre_f[] = { "Dr. ", "Ir. ", "Hj. " };
static const char *const degree[] = { "S.Kom.", "S.T.", "S.E.", "S.H.",
    "S.Sos.", "S.I.P.", "S.Pd.", "A.Md.", "S.Kom., M.Kom.", "S.E., M.M.",
    "S.T., M.T.", "S.Sos., M.Si.", "S.H., M.H.", "S.Kom., M.M." };
static const char *const jabatan[] = { "Pranata Komputer Ahli Muda",
    "Pranata Komputer Ahli Pertama", "Analis Kebijakan Ahli Pertama",
    "Kepala Seksi Persandian", "Kepala Subbagian Umum dan Kepegawaian",
    "Sekretaris Dinas", "Arsiparis Ahli Muda", "Pengelola Keuangan",
    "Kepala Bidang Aplikasi Informatika", "Lurah Kradenan",
    "Camat Pekalongan Barat", "Analis SDM Aparatur Ahli Pertama" };
static const char *const unit[] = { "Dinas Komunikasi dan Informatika",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Sekretariat Daerah", "Kecamatan Pekalongan Utara",
    "Badan Keuangan Daerah", "Dinas Kesehatan", "RSUD Bendan",
    "Inspektorat Daerah" };

static const char *
keep(struct people *pp, const char *s)
{
	if (pp->nstr == pp->capstr) {
		pp->capstr = pp->capstr ? 2 * pp->capstr : 64;
		pp->strs = xreallocarray(pp->strs, pp->capstr,
		    sizeof *pp->strs);
	}
	pp->strs[pp->nstr] = xstrdup(s);
	return pp->strs[pp->nstr++];
}

static void
people_free(struct people *pp)
{
	size_t i;

	for (i = 0; i < pp->nstr; i++)
		free(pp->strs[i]);
	free(pp->strs);
	free(pp->p);
	memset(pp, 0, sizeof *pp);
}

/* "ahmad.prasetyo@...": the names are ASCII letters only. */
static void
email_of(const char *first, const char *last, char *out, size_t size)
{
	char local[96];
	size_t o = 0;
	const char *s;

	for (s = first; *s && o + 2 < sizeof local; s++)
		local[o++] = (char)(*s | 0x20);
	local[o++] = '.';
	for (s = last; *s && o + 1 < sizeof local; s++)
		local[o++] = (char)(*s | 0x20);
	local[o] = '\0';
	snprintf(out, size, "%s@pekalongankota.go.id", local);
}

/*
 * One applicant: NIK 3375 (Kota Pekalongan) + kecamatan + birth date (day
 * + 40 for women) + serial; the NIP starts with the same birth date, then
 * the month of appointment, the sex and a serial.
 */
static void
person_make(struct rng *r, struct people *pp, struct letter_person *p)
{
	bool woman = rng_below(r, 2);
	const char *first = woman ? PICK(r, female) : PICK(r, male);
	const char *last = PICK(r, family), *pre = "";
	unsigned d = 1 + rng_below(r, 28), m = 1 + rng_below(r, 12);
	unsigned y = 1968 + rng_below(r, 32), ty = y + 22 + rng_below(r, 8);
	char buf[160];

	if (rng_below(r, 6) == 0)
		pre = woman ? PICK(r, pre_f) : PICK(r, pre_m);
	snprintf(buf, sizeof buf, "%s%s %s, %s", pre, first, last,
	    PICK(r, degree));
	p->nama = keep(pp, buf);
	snprintf(buf, sizeof buf, "33750%u%02u%02u%02u%04u",
	    1 + rng_below(r, 4), d + (woman ? 40 : 0), m, y % 100,
	    1 + rng_below(r, 999));
	p->nik = keep(pp, buf);
	snprintf(buf, sizeof buf, "%04u%02u%02u%04u%02u%u%03u", y, m, d,
	    ty > 2023 ? 2023 : ty, 1 + rng_below(r, 12), woman ? 2 : 1,
	    1 + rng_below(r, 12));
	p->nip = keep(pp, buf);
	p->jabatan = keep(pp, PICK(r, jabatan));
	p->unit_kerja = keep(pp, PICK(r, unit));
	email_of(first, last, buf, sizeof buf);
	p->email = keep(pp, buf);
}

static void
people_make(struct people *pp, size_t n)
{
	struct rng r = { BENCH_SEED };
	size_t i;

	pp->p = xcalloc(n ? n : 1, sizeof *pp->p);
	for (i = 0; i < n; i++)
		person_make(&r, pp, &pp->p[i]);
	pp->n = n;
}

static const char *
json_str(struct people *pp, struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return keep(pp, json_object_get_string(v));
}

/* Rows from a --dump-people file (or a bare array); -1 when unusable. */
static int
people_read(struct people *pp, const char *path)
{
	struct json_object *root, *arr, *o;
	size_t i, n;

	if ((root = json_object_from_file(path)) == NULL)
		return -1;
	arr = root;
	if (!json_object_is_type(root, json_type_array))
		json_object_object_get_ex(root, "people", &arr);
	if (arr == NULL || !json_object_is_type(arr, json_type_array) ||
	    (n = json_object_array_length(arr)) > LETTER_MAX_PEOPLE) {
		json_object_put(root);
		return -1;
	}
	pp->p = xcalloc(n ? n : 1, sizeof *pp->p);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		pp->p[i].nama = json_str(pp, o, "nama");
		pp->p[i].nik = json_str(pp, o, "nik");
		pp->p[i].nip = json_str(pp, o, "nip");
		pp->p[i].jabatan = json_str(pp, o, "jabatan");
		pp->p[i].unit_kerja = json_str(pp, o, "unit_kerja");
		pp->p[i].email = json_str(pp, o, "email");
	}
	pp->n = n;
	json_object_put(root);
	return 0;
}

static void
add_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

/* The {{...}} values review.c fills, from the same configuration. */
static struct json_object *
vars_json(const struct conf *cf, size_t n)
{
	struct json_object *v = json_object_new_object();
	char buf[128];

	add_str(v, "nomor", BENCH_NUMBER);
	add_str(v, "tempat", cf->letter.place);
	calendar_format_date(BENCH_DATE, buf, sizeof buf);
	add_str(v, "tanggal", buf);
	add_str(v, "lampiran", "-");
	add_str(v, "tujuan", cf->letter.addressee);
	add_str(v, "tujuan_kota", cf->letter.addressee_city);
	letter_count_words((unsigned)n, buf, sizeof buf);
	add_str(v, "jumlah_kata", buf);
	add_str(v, "ttd_jabatan", cf->letter.signer_position);
	add_str(v, "ttd_nama", cf->letter.signer_name);
	letter_nip_format(cf->letter.signer_nip, buf, sizeof buf);
	add_str(v, "ttd_nip", buf);
	add_str(v, "ttd_pangkat", cf->letter.signer_rank);
	add_str(v, "logo", cf->letter.logo);
	return v;
}

/* {"people": [...], "vars": {...}}, so the ODT states the same. */
static int
people_dump(const struct people *pp, const struct conf *cf,
    const char *path)
{
	struct json_object *root = json_object_new_object(), *arr, *o;
	size_t i;
	int rc;

	arr = json_object_new_array();
	for (i = 0; i < pp->n; i++) {
		o = json_object_new_object();
		add_str(o, "nama", pp->p[i].nama);
		add_str(o, "nik", pp->p[i].nik);
		add_str(o, "nip", pp->p[i].nip);
		add_str(o, "jabatan", pp->p[i].jabatan);
		add_str(o, "unit_kerja", pp->p[i].unit_kerja);
		add_str(o, "email", pp->p[i].email);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "people", arr);
	json_object_object_add(root, "vars", vars_json(cf, pp->n));
	rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	return rc;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of xs[0..n) (n > 0); sorts xs. */
static double
median(double *xs, size_t n)
{
	qsort(xs, n, sizeof *xs, cmp_double);
	return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* What one run needs and what the last run made. */
struct bench {
	const struct conf	*cf;		/* borrowed */
	const struct people	*pp;		/* borrowed */
	const char		*number, *qr;	/* borrowed; NULL: draft */
	struct sign_key		*key;		/* borrowed; NULL: unsigned */
	char			*pdf;		/* owned: the last letter */
	size_t			 len;
	int			 pages;
	double			 render_ms, sign_ms;
};

/* Render (and sign) once; -1 after printing why. */
static int
bench_once(struct bench *b)
{
	char why[REVIEW_WHY], *pdf = NULL, *signd = NULL;
	const char *swhy = NULL;
	size_t len, slen;
	double t0, t1;

	t0 = now_ms();
	if (review_render(b->cf, b->pp->p, b->pp->n, "permohonan", b->number,
	    b->qr, BENCH_DATE, &pdf, &len, &b->pages, why) != PL_OK) {
		fprintf(stderr, "bench_letter: render: %s\n", why);
		return -1;
	}
	t1 = now_ms();
	if (b->key != NULL && sign_pdf(b->key, pdf, len, time(NULL),
	    BENCH_REASON, b->cf->letter.place, &signd, &slen, &swhy) !=
	    PL_OK) {
		fprintf(stderr, "bench_letter: sign: %s\n", swhy);
		free(pdf);
		return -1;
	}
	b->render_ms = t1 - t0;
	b->sign_ms = now_ms() - t1;
	if (signd != NULL) {
		free(pdf);
		pdf = signd;
		len = slen;
	}
	free(b->pdf);
	b->pdf = pdf;
	b->len = len;
	return 0;
}

/* R timed runs after one untimed (fonts and layout into the page cache). */
static int
bench_run(struct bench *b, size_t runs, const struct opts *o)
{
	double *tot = xcalloc(runs, sizeof *tot), *ren, *sig, med;
	size_t i;
	int rc = -1;

	ren = xcalloc(runs, sizeof *ren);
	sig = xcalloc(runs, sizeof *sig);
	if (bench_once(b) == -1)
		goto out;
	for (i = 0; i < runs; i++) {
		if (bench_once(b) == -1)
			goto out;
		ren[i] = b->render_ms;
		sig[i] = b->sign_ms;
		tot[i] = b->render_ms + b->sign_ms;
	}
	med = median(tot, runs);	/* tot is sorted from here on */
	printf("{\"people\":%zu,\"final\":%s,\"signed\":%s,\"runs\":%zu,"
	    "\"median_ms\":%.3f,", b->pp->n, o->final ? "true" : "false",
	    b->key ? "true" : "false", runs, med);
	printf("\"p95_ms\":%.3f,\"min_ms\":%.3f,\"render_median_ms\":%.3f,"
	    "\"sign_median_ms\":%.3f,\"pages\":%d,\"bytes\":%zu}\n",
	    tot[(runs * 95 + 99) / 100 - 1], tot[0], median(ren, runs),
	    median(sig, runs), b->pages, b->len);
	rc = 0;
out:
	free(sig);
	free(ren);
	free(tot);
	return rc;
}

static int
write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_letter --people N --runs R [--final] "
	    "[--key CERT.pem KEY.pem]\n\t[--out FILE.pdf] [--json PEOPLE.json] "
	    "[--dump-people FILE.json]\n");
}

static int
size_arg(const char *s, uint64_t max, size_t *out)
{
	uint64_t v;

	if (s == NULL || parse_uint(s, max, &v) == -1)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Options in any order; -1 on anything else. */
static int
opts_parse(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof *o);
	o->people = 1;
	o->runs = 100;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--final") == 0)
			o->final = true;
		else if (strcmp(a, "--people") == 0 && size_arg(v,
		    LETTER_MAX_PEOPLE, &o->people) == 0)
			i++;
		else if (strcmp(a, "--runs") == 0 && size_arg(v,
		    BENCH_MAX_RUNS, &o->runs) == 0 && o->runs > 0)
			i++;
		else if (strcmp(a, "--key") == 0 && i + 2 < argc) {
			o->cert = argv[++i];
			o->key = argv[++i];
		} else if (strcmp(a, "--out") == 0 && v != NULL)
			o->out = argv[++i];
		else if (strcmp(a, "--json") == 0 && v != NULL)
			o->json = argv[++i];
		else if (strcmp(a, "--dump-people") == 0 && v != NULL)
			o->dump = argv[++i];
		else
			return -1;
	}
	return 0;
}

/* The final letter's QR: the number and the SHA-256 of its rows. */
static char *
qr_make(const struct people *pp)
{
	struct json_object *arr = json_object_new_array();
	char sha[65], *qr;
	const char *s;
	size_t i;

	for (i = 0; i < pp->n; i++)
		json_object_array_add(arr, json_object_new_string(
		    pp->p[i].nik ? pp->p[i].nik : ""));
	s = json_object_to_json_string(arr);
	sha256_hex(s, strlen(s), sha);
	qr = review_qr_text(BENCH_NUMBER, sha);
	json_object_put(arr);
	return qr;
}

static int
setup(const struct opts *o, struct conf *cf, struct people *pp,
    struct sign_key **key)
{
	const char *why = NULL;
	int line;

	if (conf_load(cf, NULL, &why, &line) != PL_OK) {
		fprintf(stderr, "bench_letter: configuration: %s\n", why);
		return -1;
	}
	if (o->json != NULL && people_read(pp, o->json) == -1) {
		fprintf(stderr, "bench_letter: cannot read %s\n", o->json);
		return -1;
	}
	if (o->json == NULL)
		people_make(pp, o->people);
	if (o->dump != NULL && people_dump(pp, cf, o->dump) == -1) {
		fprintf(stderr, "bench_letter: cannot write %s\n", o->dump);
		return -1;
	}
	if (o->cert != NULL && sign_key_load(o->cert, o->key, NULL, key,
	    &why) != PL_OK) {
		fprintf(stderr, "bench_letter: key %s: %s\n", o->cert, why);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct conf cf;
	struct people pp;
	struct sign_key *key = NULL;
	struct bench b;
	char *qr = NULL;
	int ex = 1;

	memset(&pp, 0, sizeof pp);
	memset(&b, 0, sizeof b);
	if (opts_parse(argc, argv, &o) == -1) {
		usage();
		return 2;
	}
	if (setup(&o, &cf, &pp, &key) == -1)
		goto out;
	if (o.final)
		qr = qr_make(&pp);
	b.cf = &cf;
	b.pp = &pp;
	b.number = o.final ? BENCH_NUMBER : NULL;
	b.qr = qr;
	b.key = o.final ? key : NULL;
	if (bench_run(&b, o.runs, &o) == -1)
		goto out;
	if (o.out != NULL && write_file(o.out, b.pdf, b.len) == -1) {
		fprintf(stderr, "bench_letter: cannot write %s\n", o.out);
		goto out;
	}
	ex = 0;
out:
	free(b.pdf);
	free(qr);
	sign_key_free(key);
	people_free(&pp);
	conf_free(&cf);
	return ex;
}
