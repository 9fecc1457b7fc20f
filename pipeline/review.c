/*
 * review (act stage): the office's letter to BSSN for complete requests,
 * the verifier's mail, and what approval and rejection do.
 *
 * A draft carries "Nomor : (draf)" and no signature. The number is taken
 * only at approval, in the transaction that records it, so a failed
 * approval (no key, disk full) rolls the serial back: numbers are never
 * reused and never skipped. The final letter's QR code names the number
 * and the SHA-256 of the letter's record (the data it states), which the
 * register keeps; the PDF itself is signed (sign.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "calendar.h"
#include "cert.h"
#include "letter.h"
#include "log.h"
#include "ocr.h"
#include "outbox.h"
#include "reply.h"
#include "review.h"
#include "sign.h"
#include "sla.h"
#include "template.h"
#include "token.h"
#include "util.h"
#include "workflow.h"
#include "xmem.h"

#define QR_MAGIC	"SERTEL-TTE"

const char *
review_variant(const char *type)
{
	return type && strcmp(type, "renewal") == 0 ? "perpanjangan" :
	    "permohonan";
}

char *
review_qr_text(const char *number, const char *sha)
{
	return xasprintf(QR_MAGIC "\nNomor: %s\nSHA-256: %s", number, sha);
}

int
review_qr_parse(const char *text, char *number, size_t size, char sha[65])
{
	const char *n, *s, *e;
	size_t i;

	if (strncmp(text, QR_MAGIC "\n", sizeof QR_MAGIC) != 0 ||
	    (n = strstr(text, "\nNomor: ")) == NULL ||
	    (s = strstr(text, "\nSHA-256: ")) == NULL || s < n)
		return -1;
	n += 8;
	e = strchr(n, '\n');
	if (e == NULL || (size_t)(e - n) >= size || e == n)
		return -1;
	snprintf(number, size, "%.*s", (int)(e - n), n);
	s += 10;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", s[i]) || s[i] == '\0')
			return -1;
	if (s[64] != '\0' && s[64] != '\n')
		return -1;
	memcpy(sha, s, 64);
	sha[64] = '\0';
	return 0;
}

/* Year of t in Asia/Jakarta. */
static int
year_of(time_t t)
{
	struct tm tm;

	t += 7 * 3600;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* The configured pattern with {serial} and {year} filled in. */
static char *
number_make(const char *pattern, int year, long long serial)
{
	struct buf b;
	const char *p;

	buf_init(&b, 256);
	for (p = pattern; *p; p++) {
		if (strncmp(p, "{serial}", 8) == 0) {
			buf_printf(&b, "%lld", serial);
			p += 7;
		} else if (strncmp(p, "{year}", 6) == 0) {
			buf_printf(&b, "%d", year);
			p += 5;
		} else
			buf_addc(&b, *p);
	}
	return buf_steal(&b, NULL);
}

struct people {
	struct pl_request	*r;
	struct letter_person	*p;
	size_t			 n;
};

static void
people_free(struct people *pp)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		pl_request_clear(&pp->r[i]);
	free(pp->r);
	free(pp->p);
	memset(pp, 0, sizeof *pp);
}

static const char *
field(const struct pl_request *r, int f)
{
	return r->fields[f].value;
}

static enum pl_status
people_load(struct store *st, const int64_t *ids, size_t n,
    struct people *pp)
{
	enum pl_status rv;
	size_t i;

	memset(pp, 0, sizeof *pp);
	pp->r = xcalloc(n ? n : 1, sizeof *pp->r);
	pp->p = xcalloc(n ? n : 1, sizeof *pp->p);
	for (i = 0; i < n; i++) {
		if ((rv = store_req_load(st, ids[i], &pp->r[i])) != PL_OK) {
			people_free(pp);
			return rv;
		}
		pp->n++;
		pp->p[i].nama = field(&pp->r[i], PL_F_NAMA) ?
		    field(&pp->r[i], PL_F_NAMA) : pp->r[i].applicant_name;
		pp->p[i].nik = field(&pp->r[i], PL_F_NIK);
		pp->p[i].nip = field(&pp->r[i], PL_F_NIP);
		pp->p[i].jabatan = field(&pp->r[i], PL_F_JABATAN);
		pp->p[i].unit_kerja = field(&pp->r[i], PL_F_UNIT_KERJA);
		pp->p[i].email = field(&pp->r[i], PL_F_EMAIL_DINAS) ?
		    field(&pp->r[i], PL_F_EMAIL_DINAS) :
		    pp->r[i].applicant_email;
	}
	return PL_OK;
}

/* The {{...}} values of a letter. */
static struct tpl_ctx *
letter_vars(const struct conf *cf, const char *number, time_t date,
    size_t n)
{
	struct tpl_ctx *v = tpl_ctx_new();
	char buf[128];

	tpl_set(v, "nomor", number ? number : "(draf)");
	tpl_set(v, "tempat", cf->letter.place);
	calendar_format_date(date, buf, sizeof buf);
	tpl_set(v, "tanggal", buf);
	tpl_set(v, "lampiran", "-");
	tpl_set(v, "tujuan", cf->letter.addressee);
	tpl_set(v, "tujuan_kota", cf->letter.addressee_city);
	letter_count_words((unsigned)n, buf, sizeof buf);
	tpl_set(v, "jumlah_kata", buf);
	tpl_set(v, "ttd_jabatan", cf->letter.signer_position);
	tpl_set(v, "ttd_nama", cf->letter.signer_name);
	letter_nip_format(cf->letter.signer_nip, buf, sizeof buf);
	tpl_set(v, "ttd_nip", buf);
	tpl_set(v, "ttd_pangkat", cf->letter.signer_rank);
	tpl_set(v, "logo", cf->letter.logo);
	return v;
}

enum pl_status
review_render(const struct conf *cf, const struct letter_person *people,
    size_t n, const char *variant, const char *number, const char *qr,
    time_t date, char **pdf, size_t *len, int *pages, char *why)
{
	struct letter l;
	char *layout;
	enum pl_status rv;

	memset(&l, 0, sizeof l);
	layout = xasprintf("%s/letter/%s.xml", cf->templates, variant);
	l.layout = layout;
	l.final = number != NULL;
	l.qr = qr;
	l.people = people;
	l.npeople = n;
	l.vars = letter_vars(cf, number, date, n);
	l.title = strcmp(variant, "perpanjangan") == 0 ?
	    "Permohonan Pembaruan Sertifikat Elektronik" :
	    "Permohonan Penerbitan Sertifikat Elektronik";
	l.date = date;
	rv = letter_render(&l, pdf, len, pages, why, REVIEW_WHY);
	tpl_ctx_free(l.vars);
	free(layout);
	return rv;
}

static enum pl_status
render(const struct conf *cf, const struct people *pp, const char *variant,
    const char *number, const char *qr, time_t date, char **pdf,
    size_t *len, int *pages, char *why)
{
	return review_render(cf, pp->p, pp->n, variant, number, qr, date, pdf,
	    len, pages, why);
}

enum pl_status
review_letter(const struct conf *cf, struct store *st, const int64_t *ids,
    size_t n, const char *variant, const char *number, const char *qr,
    time_t date, char **pdf, size_t *len, int *pages, char *why)
{
	struct people pp;
	enum pl_status rv;

	if ((rv = people_load(st, ids, n, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot load the requests");
		return rv;
	}
	if (variant == NULL)
		variant = review_variant(n ? pp.r[0].type : NULL);
	rv = render(cf, &pp, variant, number, qr, date, pdf, len, pages, why);
	people_free(&pp);
	return rv;
}

/* Write a letter under letters_dir/sub/name; *path is the caller's. */
static enum pl_status
save(const struct conf *cf, const char *sub, const char *name,
    const char *pdf, size_t len, char **path, char *why)
{
	char *dir = xasprintf("%s/%s", cf->letters_dir, sub);

	*path = NULL;
	if (mkdir_p(dir) == -1 || file_write_atomic(dir, name, pdf, len) ==
	    -1) {
		snprintf(why, REVIEW_WHY, "cannot write %s/%s", dir, name);
		free(dir);
		return PL_ETEMP;
	}
	*path = xasprintf("%s/%s", dir, name);
	free(dir);
	return PL_OK;
}

/* Queue a mail about request r to addr (attachment optional). */
static enum pl_status
queue_mail(const struct conf *cf, struct store *st,
    const struct pl_request *r, const char *irt, const char *reply_to,
    const char *to, const char *tname,
    const struct tpl_ctx *c, const char *att_name, const char *att,
    size_t att_len, time_t now, char *why)
{
	const char *qwhy = NULL;
	struct reply rp;
	enum pl_status rv;

	memset(&rp, 0, sizeof rp);
	rp.to = to;
	rp.in_reply_to = irt ? irt : r->last_msgid;
	rp.reply_to = reply_to;
	rp.references = r->refs;
	rp.att_name = att_name;
	rp.att_type = "application/pdf";
	rp.att_data = att;
	rp.att_len = att_len;
	rv = outbox_queue(st, cf, tname, c, r->code, &rp, r->id, now, &qwhy);
	if (rv == PL_EINPUT) {
		/* An applicant's unusable address is recorded, not fatal. */
		snprintf(why, REVIEW_WHY, "cannot mail %s: %s", to, qwhy);
		rv = to == r->applicant_email ? PL_OK : PL_ECONF;
	} else if (rv != PL_OK && qwhy)
		snprintf(why, REVIEW_WHY, "template %s: %s", tname, qwhy);
	return rv;
}

/* What the verifier needs to judge r: checks, the KTP as read. */
static void
summary(const struct conf *cf, const struct pl_request *r,
    struct tpl_ctx *c)
{
	struct ktp_result k;
	struct sla sla;
	char *line, when[96];
	size_t i;
	int f;

	tpl_set(c, "code", r->code);
	tpl_set(c, "nama", field(r, PL_F_NAMA) ? field(r, PL_F_NAMA) :
	    r->applicant_name ? r->applicant_name : r->applicant_email);
	tpl_set(c, "email", r->applicant_email);
	tpl_set(c, "office", cf->office_name);
	tpl_set(c, "verifier", cf->verifier_name);
	sla_for(cf, r, pl_now(), &sla);
	calendar_format_long(sla.deadline, when, sizeof when);
	tpl_set(c, "deadline", when);
	for (f = 0; f < PL_NFIELDS; f++)
		if (r->fields[f].value) {
			line = xasprintf("%s: %s", pl_field_names[f],
			    r->fields[f].value);
			tpl_add(c, "form", line);
			free(line);
		}
	for (i = 0; i < r->nchecks; i++) {
		line = xasprintf("%s%s%s", r->checks[i].name,
		    r->checks[i].detail ? " - " : "",
		    r->checks[i].detail ? r->checks[i].detail : "");
		tpl_add(c, r->checks[i].ok ? "cocok" : "periksa", line);
		free(line);
	}
	if (ktp_result_newest(r, &k)) {
		for (f = 0; f < KTP_NFIELDS; f++)
			if (k.f.v[f]) {
				line = xasprintf("%s: %s (keyakinan %.0f%%)",
				    ktp_field_names[f], k.f.v[f],
				    k.f.conf[f] * 100);
				tpl_add(c, "ktp", line);
				free(line);
			}
		tpl_set(c, "ktp_warna", k.colour ? "berwarna" : "TIDAK berwarna");
		ktp_result_free(&k);
	}
}

char *
review_address(const struct conf *cf, const char *code, time_t now,
    char *why)
{
	struct token_key keys[TOKEN_MAX_KEYS];
	char kwhy[200], *tok, *addr;
	size_t n = 0;
	bool created;

	if (token_keys_ensure(cf->token_keys, TOKEN_KEYS_COMMENT, keys, &n,
	    &created, kwhy, sizeof kwhy) == -1) {
		snprintf(why, REVIEW_WHY, "reply-token keys: %s", kwhy);
		return NULL;
	}
	if (created)
		log_info("stage=review result=keys-created path=%s",
		    cf->token_keys);
	tok = token_make(&keys[0], code, cf->verifier_email, now +
	    (time_t)cf->token_days * 86400);
	explicit_bzero(keys, sizeof keys);
	addr = tok ? token_address(cf->office_email, tok) : NULL;
	free(tok);
	if (addr == NULL)
		snprintf(why, REVIEW_WHY, "no reply address can be made from "
		    "%s", cf->office_email);
	return addr;
}

enum pl_status
review_start(const struct conf *cf, struct store *st, int64_t id,
    const char *in_reply_to, time_t now, char *why)
{
	struct people pp;
	struct store_letter sl;
	struct tpl_ctx *c;
	char *pdf = NULL, *path = NULL, *name, sha[65], *reply_to;
	size_t len;
	int pages;
	int64_t lid;
	enum pl_status rv;

	if ((rv = people_load(st, &id, 1, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot load the request");
		return rv;
	}
	rv = render(cf, &pp, review_variant(pp.r[0].type), NULL, NULL, now,
	    &pdf, &len, &pages, why);
	name = xasprintf("%s.pdf", pp.r[0].code);
	if (rv == PL_OK)
		rv = save(cf, "draf", name, pdf, len, &path, why);
	if (rv == PL_OK) {
		sha256_hex(pdf, len, sha);
		memset(&sl, 0, sizeof sl);
		sl.variant = review_variant(pp.r[0].type);
		sl.path = path;
		sl.sha256 = sha;
		sl.actor = "sertel";
		sl.created_at = now;
		rv = store_letter_add(st, &sl, &id, 1, &lid);
	}
	if (rv == PL_OK) {
		c = tpl_ctx_new();
		summary(cf, &pp.r[0], c);
		free(name);
		name = xasprintf("draf-surat-%s.pdf", pp.r[0].code);
		reply_to = review_address(cf, pp.r[0].code, now, why);
		rv = reply_to == NULL ? PL_ECONF : queue_mail(cf, st, &pp.r[0],
		    in_reply_to, reply_to, cf->verifier_email, "verifier", c,
		    name, pdf, len, now, why);
		free(reply_to);
		tpl_ctx_free(c);
	}
	free(name);
	free(path);
	free(pdf);
	people_free(&pp);
	return rv;
}

/* The canonical record of a final letter: what its QR hash covers. */
static char *
record_json(const char *number, const char *variant, time_t date,
    const struct conf *cf, const struct people *pp)
{
	json_object *o = json_object_new_object(), *a =
	    json_object_new_array(), *p;
	char day[32], *out;
	size_t i;
	struct tm tm;
	time_t t = date + 7 * 3600;

	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	json_object_object_add(o, "nomor", json_object_new_string(number));
	json_object_object_add(o, "jenis", json_object_new_string(variant));
	json_object_object_add(o, "tanggal", json_object_new_string(day));
	json_object_object_add(o, "kepada",
	    json_object_new_string(cf->letter.addressee));
	json_object_object_add(o, "penandatangan",
	    json_object_new_string(cf->letter.signer_name));
	for (i = 0; i < pp->n; i++) {
		p = json_object_new_object();
#define PUT(k, v) json_object_object_add(p, k, json_object_new_string((v) ? (v) : ""))
		PUT("permohonan", pp->r[i].code);
		PUT("nama", pp->p[i].nama);
		PUT("nik", pp->p[i].nik);
		PUT("nip", pp->p[i].nip);
		PUT("jabatan", pp->p[i].jabatan);
		PUT("unit_kerja", pp->p[i].unit_kerja);
		PUT("email", pp->p[i].email);
#undef PUT
		json_object_array_add(a, p);
	}
	json_object_object_add(o, "pemohon", a);
	out = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

/*
 * Remove what an approval that never committed left under dir for serial:
 * its letter "NNNNN-*.pdf" (killed after writing it, or rolled back after
 * saving) or file_write_atomic's ".tmp.PID.NNNNN-*". The counter hands
 * this serial out again only because no letter with it was registered,
 * so such a file is a signed letter whose number is about to belong to
 * another. Called under the store lock, with serial freshly taken.
 */
static void
stale_remove(const char *dir, int64_t serial)
{
	char pre[32];
	const char *n, *dot;
	struct dirent *de;
	size_t len;
	DIR *d;

	snprintf(pre, sizeof pre, "%05lld-", (long long)serial);
	len = strlen(pre);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = de->d_name;
		if (strncmp(n, ".tmp.", 5) == 0 &&
		    (dot = strchr(n + 5, '.')) != NULL)
			n = dot + 1;
		if (strncmp(n, pre, len) == 0 &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			log_warnx("stage=review result=stale-removed serial=%lld"
			    " file=%s", (long long)serial, de->d_name);
	}
	closedir(d);
}

/*
 * Number, render, sign and register a final letter for pp: the shared
 * part of approval and of a batch.
 */
static enum pl_status
finalise(const struct conf *cf, struct store *st, const struct people *pp,
    const int64_t *ids, const char *variant, const char *stem,
    const char *actor, time_t now, char *number, size_t nsize, char *path,
    size_t psize, char *why)
{
	struct sign_key *key = NULL;
	struct store_letter sl;
	const char *kwhy = NULL;
	char *pw = file_first_line(cf->letter.key_password_file), *num = NULL,
	    *record = NULL, *qr = NULL, *pdf = NULL, *signd = NULL,
	    *file = NULL, *name = NULL, *sub, ref[65], sha[65];
	size_t len, slen;
	int64_t serial, lid;
	int pages, year = year_of(now);
	enum pl_status rv;

	if (sign_key_load(cf->letter.cert, *cf->letter.key ? cf->letter.key :
	    NULL, pw, &key, &kwhy) != PL_OK) {
		snprintf(why, REVIEW_WHY, "signing key (%s): %s",
		    cf->letter.cert, kwhy);
		if (pw)
			explicit_bzero(pw, strlen(pw));
		free(pw);
		return PL_ECONF;
	}
	if (pw)
		explicit_bzero(pw, strlen(pw));
	free(pw);
	if ((rv = store_letter_serial(st, year, &serial)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot take a letter number");
		goto out;
	}
	num = number_make(cf->letter.number, year, (long long)serial);
	record = record_json(num, variant, now, cf, pp);
	sha256_hex(record, strlen(record), ref);
	qr = review_qr_text(num, ref);
	if ((rv = render(cf, pp, strncmp(variant, "perpanjangan", 12) == 0 ?
	    "perpanjangan" : "permohonan", num, qr, now, &pdf, &len, &pages,
	    why)) != PL_OK)
		goto out;
	if ((rv = sign_pdf(key, pdf, len, now, "Permohonan penerbitan "
	    "sertifikat elektronik", cf->letter.place, &signd, &slen,
	    &kwhy)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot sign: %s", kwhy);
		goto out;
	}
	sub = xasprintf("%d", year);
	name = xasprintf("%05lld-%s.pdf", (long long)serial, stem);
	file = xasprintf("%s/%s", cf->letters_dir, sub);
	stale_remove(file, serial);
	free(file);
	rv = save(cf, sub, name, signd, slen, &file, why);
	free(sub);
	if (rv != PL_OK)
		goto out;
	sha256_hex(signd, slen, sha);
	memset(&sl, 0, sizeof sl);
	sl.number = num;
	sl.variant = variant;
	sl.year = year;
	sl.serial = serial;
	sl.path = file;
	sl.sha256 = sha;
	sl.record = record;
	sl.ref_sha256 = ref;
	sl.actor = actor;
	sl.created_at = now;
	if ((rv = store_letter_add(st, &sl, ids, pp->n, &lid)) == PL_OK) {
		snprintf(number, nsize, "%s", num);
		snprintf(path, psize, "%s", file);
	} else
		snprintf(why, REVIEW_WHY, "cannot register the letter");
out:
	sign_key_free(key);
	free(num);
	free(record);
	free(qr);
	free(pdf);
	free(signd);
	free(file);
	free(name);
	return rv;
}

enum pl_status
review_approve(const struct conf *cf, struct store *st, int64_t id,
    const char *actor, time_t now, char *number, size_t nsize, char *path,
    size_t psize, char *why)
{
	struct people pp;
	struct tpl_ctx *c;
	char *reason;
	enum pl_status rv;

	if ((rv = people_load(st, &id, 1, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "no such request");
		return rv;
	}
	if (strcmp(pp.r[0].status, "in_review") != 0) {
		snprintf(why, REVIEW_WHY, "%s is %s, not in_review",
		    pp.r[0].code, pp.r[0].status);
		people_free(&pp);
		return PL_EINPUT;
	}
	rv = finalise(cf, st, &pp, &id, review_variant(pp.r[0].type),
	    pp.r[0].code, actor, now, number, nsize, path, psize, why);
	if (rv == PL_OK) {
		reason = xasprintf("surat nomor %s ditandatangani", number);
		rv = store_req_status(st, id, "approved", actor, reason, NULL,
		    0, now);
		free(reason);
	}
	if (rv == PL_OK) {
		c = tpl_ctx_new();
		summary(cf, &pp.r[0], c);
		tpl_set(c, "nomor", number);
		rv = queue_mail(cf, st, &pp.r[0], NULL, NULL,
		    pp.r[0].applicant_email, "approved", c, NULL, NULL, 0, now,
		    why);
		tpl_ctx_free(c);
	}
	people_free(&pp);
	return rv;
}

enum pl_status
review_reject(const struct conf *cf, struct store *st, int64_t id,
    const char *actor, const char *reason, time_t now, char *why)
{
	struct people pp;
	struct tpl_ctx *c;
	char *clean_reason;
	enum pl_status rv;

	if ((rv = people_load(st, &id, 1, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "no such request");
		return rv;
	}
	if (!workflow_allowed(pp.r[0].status, "rejected") ||
	    strcmp(pp.r[0].status, "rejected") == 0) {
		snprintf(why, REVIEW_WHY, "%s is %s: it cannot be rejected",
		    pp.r[0].code, pp.r[0].status);
		people_free(&pp);
		return PL_EINPUT;
	}
	clean_reason = utf8_clean(reason, strlen(reason), true);
	str_trim(clean_reason);
	if (*clean_reason == '\0') {
		snprintf(why, REVIEW_WHY, "a rejection needs a reason");
		rv = PL_EINPUT;
	} else
		rv = store_req_status(st, id, "rejected", actor, clean_reason,
		    NULL, 0, now);
	if (rv == PL_OK) {
		c = tpl_ctx_new();
		summary(cf, &pp.r[0], c);
		tpl_set(c, "alasan", clean_reason);
		rv = queue_mail(cf, st, &pp.r[0], NULL, NULL,
		    pp.r[0].applicant_email, "rejected", c, NULL, NULL, 0, now,
		    why);
		tpl_ctx_free(c);
	}
	free(clean_reason);
	people_free(&pp);
	return rv;
}

enum pl_status
review_batch(const struct conf *cf, struct store *st, const int64_t *ids,
    size_t n, const char *actor, time_t now, char *number, size_t nsize,
    char *path, size_t psize, char *why)
{
	struct people pp;
	enum pl_status rv;
	char *variant;
	size_t i;

	if (n == 0) {
		snprintf(why, REVIEW_WHY, "no approved request to put in a "
		    "letter");
		return PL_EINPUT;
	}
	if ((rv = people_load(st, ids, n, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot load the requests");
		return rv;
	}
	for (i = 0; i < n; i++)
		if (strcmp(pp.r[i].status, "approved") != 0 ||
		    strcmp(pp.r[i].type, pp.r[0].type) != 0) {
			snprintf(why, REVIEW_WHY, "%s is %s %s: a batch takes "
			    "approved requests of one type", pp.r[i].code,
			    pp.r[i].type, pp.r[i].status);
			people_free(&pp);
			return PL_EINPUT;
		}
	variant = xasprintf("%s-batch", review_variant(pp.r[0].type));
	rv = finalise(cf, st, &pp, ids, variant, "gabungan", actor, now,
	    number, nsize, path, psize, why);
	free(variant);
	people_free(&pp);
	return rv;
}

enum pl_status
review_issued(const struct conf *cf, struct store *st, int64_t id,
    const char *actor, const struct cert_info *cert, time_t now, char *why)
{
	struct people pp;
	struct tpl_ctx *c;
	char when[128];
	enum pl_status rv;

	if ((rv = people_load(st, &id, 1, &pp)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "no such request");
		return rv;
	}
	if (strcmp(pp.r[0].status, "approved") != 0) {
		snprintf(why, REVIEW_WHY, "%s is %s, not approved",
		    pp.r[0].code, pp.r[0].status);
		people_free(&pp);
		return PL_EINPUT;
	}
	if (cert)
		rv = store_cert_add(st, id, cert, "mail", now);
	if (rv == PL_OK)
		rv = store_req_status(st, id, "issued", actor,
		    "sertifikat elektronik diterbitkan BSrE", NULL, 0, now);
	if (rv == PL_OK) {
		c = tpl_ctx_new();
		summary(cf, &pp.r[0], c);
		if (cert) {
			cert_validity_text(cert, when, sizeof when);
			tpl_set(c, "berlaku", when);
		}
		rv = queue_mail(cf, st, &pp.r[0], NULL, NULL,
		    pp.r[0].applicant_email, "issued", c, NULL, NULL, 0, now,
		    why);
		tpl_ctx_free(c);
	}
	people_free(&pp);
	return rv;
}

/* The time of the first event of r with status, or 0. */
static time_t
event_at(const struct pl_request *r, const char *status)
{
	size_t i;

	for (i = 0; i < r->nevents; i++)
		if (strcmp(r->events[i].status, status) == 0)
			return r->events[i].when;
	return 0;
}

/* The reason of the newest event of r with status, or "". */
static const char *
event_reason(const struct pl_request *r, const char *status)
{
	size_t i;

	for (i = r->nevents; i > 0; i--)
		if (strcmp(r->events[i - 1].status, status) == 0 &&
		    r->events[i - 1].reason)
			return r->events[i - 1].reason;
	return "";
}

enum pl_status
review_disposition(const struct conf *cf, struct store *st, int64_t id,
    time_t now, char **pdf, size_t *len, char *why)
{
	struct pl_request r;
	struct store_letter sl;
	struct sla s;
	struct letter l;
	struct tpl_ctx *v;
	char buf[256], *layout;
	time_t t;
	enum pl_status rv;

	if ((rv = store_req_load(st, id, &r)) != PL_OK) {
		snprintf(why, REVIEW_WHY, "cannot load the request");
		return rv;
	}
	v = tpl_ctx_new();
	tpl_set(v, "kode", r.code);
	calendar_format_long(r.received_at, buf, sizeof buf);
	tpl_set(v, "tanggal_terima", buf);
	tpl_set(v, "tgl_kadis", buf);
	tpl_set(v, "tgl_kabid", buf);
	tpl_set(v, "tgl_kasi", buf);
	snprintf(buf, sizeof buf, "%s <%s>", field(&r, PL_F_NAMA) ?
	    field(&r, PL_F_NAMA) : r.applicant_name ? r.applicant_name : "-",
	    r.applicant_email);
	tpl_set(v, "asal", buf);
	tpl_set(v, "perihal", strcmp(r.type, "renewal") == 0 ?
	    "Permohonan Pembaruan Sertifikat Elektronik" :
	    "Permohonan Penerbitan Sertifikat Elektronik");
	sla_for(cf, &r, now, &s);
	calendar_format_long(s.deadline, buf, sizeof buf);
	tpl_set(v, "batas_waktu", buf);
	t = event_at(&r, "approved") ? event_at(&r, "approved") :
	    event_at(&r, "rejected") ? event_at(&r, "rejected") :
	    event_at(&r, "in_review");
	if (t)
		calendar_format_long(t, buf, sizeof buf);
	tpl_set(v, "tgl_verifikator", t ? buf : "-");
	snprintf(buf, sizeof buf, "st_%s", r.status);
	tpl_set(v, buf, "1");
	tpl_set(v, "alasan", event_reason(&r, "rejected"));
	if (store_letter_find(st, NULL, id, true, &sl)) {
		tpl_set(v, "nomor_surat", sl.number);
		store_letter_clear(&sl);
	}
	tpl_set(v, "logo", cf->letter.logo);
	memset(&l, 0, sizeof l);
	layout = xasprintf("%s/letter/disposisi.xml", cf->templates);
	l.layout = layout;
	l.vars = v;
	l.title = "Lembar Disposisi";
	l.date = now;
	rv = letter_render(&l, pdf, len, NULL, why, REVIEW_WHY);
	free(layout);
	tpl_ctx_free(v);
	pl_request_clear(&r);
	return rv;
}
