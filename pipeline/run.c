/* run: connects the stages for one message and commits what they decide. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "charset.h"
#include "classify.h"
#include "form.h"
#include "identity.h"
#include "image.h"
#include "log.h"
#include "magic.h"
#include "mime.h"
#include "ocr.h"
#include "outbox.h"
#include "pdf.h"
#include "reply.h"
#include "complaint.h"
#include "review.h"
#include "review_mail.h"
#include "run.h"
#include "sla.h"
#include "store.h"
#include "template.h"
#include "unzip.h"
#include "util.h"
#include "workflow.h"
#include "xmem.h"

const char *const run_result_names[RUN_NRESULTS] = {
	"new", "followup", "duplicate", "ignored", "quarantined",
};

/* Everything one message carries through the stages. */
struct job {
	struct run_ctx		*ctx;		/* borrowed */
	const struct raw_msg	*raw;		/* borrowed */
	struct pl_msg		*msg;		/* owned */
	char			 sha[65];
	char			 mid[16];	/* short id for log lines */
	time_t			 now;
	int64_t			 row;		/* messages.id */
	int64_t			 rid;		/* requests.id */
	char			*quick_mid;	/* owned; from a header scan */
	char			 code[24];
	bool			 is_new;
	char			*old_status;	/* owned */
	struct form		 form;
	char			**notes;	/* owned; doc notes for the reply */
	size_t			 nnotes;
};

static void
job_note(struct job *j, const char *note)
{
	size_t i;
	char *s = xstrdup(note);

	for (i = 0; i < j->nnotes; i++)
		if (strcmp(j->notes[i], s) == 0) {
			free(s);
			return;
		}
	j->notes = xreallocarray(j->notes, j->nnotes + 1, sizeof *j->notes);
	j->notes[j->nnotes++] = s;
}

/* Record the message itself (no request, or the given one). */
static enum pl_status
record_msg(struct job *j, const char *disposition, const char *reason)
{
	struct store_msg sm;
	const struct pl_msg *m = j->msg;

	memset(&sm, 0, sizeof sm);
	sm.message_id = m && m->message_id ? m->message_id :
	    j->quick_mid ? j->quick_mid : "";
	sm.sha256 = j->sha;
	sm.raw = j->raw->data;
	sm.size = j->raw->len;
	sm.source = j->raw->source;
	sm.from_email = m ? m->from_email : NULL;
	sm.subject = m ? m->subject : NULL;
	sm.date = m ? m->date : NULL;
	sm.received_at = j->now;
	sm.request_id = j->rid;
	sm.disposition = disposition;
	sm.reason = reason;
	return store_msg_add(j->ctx->st, &sm, &j->row);
}

/* "SE-2026-000123" in a subject, copied into code. */
static bool
subject_code(const char *subj, char code[24])
{
	const char *p;

	for (p = subj ? subj : ""; (p = strstr(p, "SE-")) != NULL; p++) {
		if (strspn(p + 3, "0123456789") == 4 && p[7] == '-' &&
		    strspn(p + 8, "0123456789") == 6 &&
		    !isdigit((unsigned char)p[14])) {
			snprintf(code, 24, "%.14s", p);
			return true;
		}
	}
	return false;
}

/* Is sender one of the people of request rid? */
static bool
sender_belongs(struct job *j, int64_t rid, const char *sender)
{
	struct pl_request r;
	bool ok = false;
	size_t i;

	if (store_req_load(j->ctx->st, rid, &r) != PL_OK)
		return false;
	if (strcmp(r.applicant_email, sender) == 0 ||
	    (r.forwarder_email && strcmp(r.forwarder_email, sender) == 0))
		ok = true;
	for (i = 0; !ok && i < r.nmsgs; i++)
		ok = r.msgs[i].from && strcmp(r.msgs[i].from, sender) == 0;
	pl_request_clear(&r);
	return ok;
}

/* The request this message continues: thread headers, then subject id. */
static bool
find_thread(struct job *j)
{
	const struct pl_msg *m = j->msg;
	char code[24];
	size_t i;

	if (m->in_reply_to && store_thread_find(j->ctx->st, m->in_reply_to,
	    &j->rid))
		return true;
	for (i = m->nrefs; i > 0; i--)
		if (store_thread_find(j->ctx->st, m->refs[i - 1], &j->rid))
			return true;
	/* The id in the subject counts only from the request's people. */
	if (subject_code(m->subject, code) &&
	    store_req_by_code(j->ctx->st, code, &j->rid) &&
	    sender_belongs(j, j->rid, m->from_email))
		return true;
	j->rid = 0;
	return false;
}

/*
 * A renewal when the mail asks for one, or answers one of our expiry
 * reminders; otherwise an issuance.
 */
static const char *
request_type(struct job *j)
{
	const struct pl_msg *m = j->msg;
	char kind[32];

	if (m->in_reply_to && store_out_kind(j->ctx->st, m->in_reply_to, kind,
	    sizeof kind) && strcmp(kind, "cert_reminder") == 0)
		return "renewal";
	return workflow_request_type(m->inner_subject ? m->inner_subject :
	    m->subject, m->inner_body_text ? m->inner_body_text :
	    m->body_text);
}

static enum pl_status
open_request(struct job *j)
{
	const struct pl_msg *m = j->msg;
	const char *email = m->from_email, *name = m->from_name,
	    *fwd = NULL;
	char *inline_from = NULL;
	struct tm tm;
	time_t local = j->now + 7 * 3600;
	enum pl_status st;

	if (m->inner_from_email) {
		email = m->inner_from_email;
		name = m->inner_from_name;
		fwd = m->from_email;
	} else if ((inline_from = form_forwarded_from(m->body_text)) !=
	    NULL && strcmp(inline_from, m->from_email) != 0) {
		email = inline_from;
		name = NULL;
		fwd = m->from_email;
	}
	gmtime_r(&local, &tm);
	st = store_req_new(j->ctx->st, request_type(j), tm.tm_year + 1900,
	    email, name, fwd, j->now, &j->rid, j->code);
	free(inline_from);
	if (st == PL_OK)
		st = store_req_status(j->ctx->st, j->rid, "received", "sertel",
		    "permohonan baru diterima melalui e-mail", NULL, 0, j->now);
	j->is_new = true;
	j->old_status = xstrdup("received");
	return st;
}

/* Seal a document's bytes into a new file; id gets its (random) name. */
static enum pl_status
doc_save(struct job *j, const struct pl_part *p, char id[65])
{
	enum pl_status st;

	st = store_file_put(j->ctx->st, j->ctx->cf->docs_dir, p->data, p->len,
	    id);
	if (st != PL_OK)
		log_warnx("msg=%s stage=store result=error what=document",
		    j->mid);
	return st;
}

/*
 * Read a KTP (or an image that may be one) with OCR: the reading is kept
 * with the document; an image the reader finds to be a KTP becomes one.
 */
static void
doc_ocr(struct job *j, const struct pl_part *p, struct pl_doc *d)
{
	struct ktp_result r;
	const char *why = NULL;
	char e[LOG_ESC_SIZE];

	enum pl_status rv;

	if (j->ctx->ocr == NULL)
		return;
	if ((rv = ocr_ktp(j->ctx->ocr, p->data, p->len, &r, &why)) != PL_OK) {
		log_warnx("msg=%s stage=ocr result=error why=\"%s\"", j->mid,
		    log_esc(e, sizeof e, why));
		/* The file's own fault (not a busy or broken reader): a KTP
		 * that cannot be read is no KTP for the request. */
		if (rv == PL_EINPUT && d->type == DOC_KTP && d->note == NULL) {
			d->usable = false;
			d->note = xasprintf("KTP \"%s\" rusak atau tidak dapat "
			    "dibaca.", d->filename ? d->filename : "lampiran");
		}
		return;
	}
	if (r.is_ktp && d->type == DOC_OTHER)
		d->type = DOC_KTP;
	if (d->type == DOC_KTP)
		d->ocr = ktp_result_json(&r, false);
	log_info("msg=%s stage=ocr result=ok ktp=%d labels=%d ms=%.0f", j->mid,
	    r.is_ktp, r.f.labels, r.ms);
	ktp_result_free(&r);
}

/* Less than a line of text: a scan without a text layer. */
static bool
blank(const char *text)
{
	size_t n = 0;

	for (; text && *text; text++)
		n += isalnum((unsigned char)*text) != 0;
	return n < 20;
}

/* A scan without a text layer: OCR its top for the title. */
static void
doc_scan_title(struct job *j, const struct pl_part *p, struct pl_doc *d)
{
	const char *why = NULL;
	char *text = NULL;

	if (j->ctx->ocr == NULL || d->type != DOC_OTHER)
		return;
	if (ocr_text(j->ctx->ocr, p->data, p->len, &text, &why) == PL_OK)
		d->type = classify_text(text);
	free(text);
}

/* Look at an image: a KTP by its look, and is a KTP in colour? */
static void
doc_image(struct job *j, const struct pl_part *p, struct pl_doc *d)
{
	struct image_info ii;
	const char *why = NULL;

	if ((j->ctx->ocr ? ocr_inspect(j->ctx->ocr, p->data, p->len, &ii,
	    &why) : image_inspect(p->data, p->len, &ii, &why)) != PL_OK) {
		if (d->type == DOC_KTP) {
			d->usable = false;
			d->note = xasprintf("Gambar KTP \"%s\" %s.",
			    d->filename ? d->filename : "lampiran",
			    strstr(why, "PL_MAX_IMG_PIXELS") ? "terlalu besar "
			    "(resolusi melebihi batas)" : "rusak atau tidak "
			    "dapat dibaca");
		}
		return;
	}
	/*
	 * A KTP by name or by look is read as one. Any other image big enough
	 * to be a document (not a signature logo) has its title read; if
	 * that shows a KTP, it is read as one too. Named images of other
	 * documents need neither.
	 */
	if (d->type == DOC_OTHER && ii.ktp_look)
		d->type = DOC_KTP;
	if (d->type == DOC_OTHER && ii.width >= 400 && ii.height >= 250)
		doc_scan_title(j, p, d);
	if (d->type == DOC_KTP)
		doc_ocr(j, p, d);
	if (d->type == DOC_KTP && !ii.colour) {
		d->usable = false;
		d->note = xstrdup("Scan KTP tidak berwarna (hitam putih atau "
		    "fotokopi); SOP mensyaratkan scan KTP berwarna.");
	}
}

/* Read a PDF: its text names the document; a form gives field values. */
static void
doc_pdf(struct job *j, const struct pl_part *p, struct pl_doc *d,
    struct form *pdfform)
{
	struct pdf_info pi;
	const char *why = NULL;
	char *src;
	enum pl_doctype t;
	size_t i;

	if (pdf_read(p->data, p->len, &pi, &why) != PL_OK) {
		d->usable = false;
		d->note = xasprintf("PDF \"%s\" tidak dapat dibaca.",
		    d->filename ? d->filename : "lampiran");
		return;
	}
	if (pi.encrypted) {
		d->usable = false;
		d->note = xasprintf("PDF \"%s\" terkunci kata sandi.",
		    d->filename ? d->filename : "lampiran");
	}
	t = classify_text(pi.text);
	if (d->type == DOC_OTHER)
		d->type = t;
	/* A scan in a PDF: OCR names it, a KTP gets read. */
	if (d->type == DOC_OTHER && !pi.encrypted && blank(pi.text))
		doc_scan_title(j, p, d);
	if (d->type == DOC_OTHER && !pi.encrypted && blank(pi.text))
		doc_ocr(j, p, d);
	else if (d->type == DOC_KTP && !pi.encrypted)
		doc_ocr(j, p, d);
	if (d->type == DOC_FORMULIR || pi.nfields > 0) {
		src = xasprintf("pdf:%s", d->filename ? d->filename : "form");
		for (i = 0; i < pi.nfields; i++)
			form_from_pair(pdfform, pi.fields[i].name,
			    pi.fields[i].value, src);
		if (d->type == DOC_FORMULIR)
			form_from_text(pdfform, pi.text, src);
		free(src);
	}
	pdf_info_free(&pi);
}

static enum pl_status
doc_one(struct job *j, const struct pl_part *p, struct form *pdfform)
{
	enum pl_filekind k = magic_kind(p->data, p->len);
	struct pl_doc d;
	enum pl_status st = PL_OK;
	char stored[65];

	memset(&d, 0, sizeof d);
	sha256_hex(p->data, p->len, d.sha256);
	if (store_doc_has(j->ctx->st, j->rid, d.sha256))
		return PL_OK;		/* sent before in this thread */
	d.filename = p->filename;
	d.declared_type = p->declared_type;
	d.content_type = (char *)magic_mime(k);
	d.archive = p->archive;
	d.size = p->len;
	d.usable = true;
	d.type = classify_name(p->filename);
	if (k == FK_PDF)
		doc_pdf(j, p, &d, pdfform);
	else if (magic_is_image(k))
		doc_image(j, p, &d);
	else if (k == FK_EXEC || k == FK_GIF || k == FK_BMP || k == FK_ZIP ||
	    (d.type != DOC_OTHER && (d.type == DOC_KTP || k == FK_UNKNOWN ||
	    k == FK_TEXT))) {
		/* Refused kinds, and a required document (by its name) that
		 * is no document at all, or a KTP that is no image: the
		 * applicant must send it again. */
		d.usable = false;
		d.note = k == FK_UNKNOWN || k == FK_TEXT ? xasprintf("Berkas "
		    "\"%s\" bukan PDF atau gambar yang dapat dibuka; kirim "
		    "ulang sebagai PDF, JPEG atau PNG.", d.filename ?
		    d.filename : "lampiran") : xasprintf("Berkas \"%s\" "
		    "berformat %s yang tidak diterima; kirim sebagai PDF, JPEG "
		    "atau PNG.", d.filename ? d.filename : "lampiran",
		    pl_filekind_names[k]);
	}
	if (d.note && d.type != DOC_OTHER)
		job_note(j, d.note);
	if ((st = doc_save(j, p, stored)) == PL_OK) {
		d.stored = stored;
		st = store_doc_add(j->ctx->st, j->rid, j->row, &d, j->now);
	}
	free(d.note);
	free(d.ocr);
	return st;
}

static enum pl_status
docs_and_fields(struct job *j)
{
	struct pl_msg *m = j->msg;
	struct form pdfform;
	enum pl_status st = PL_OK;
	size_t i;
	int f;

	form_init(&pdfform);
	for (i = 0; i < m->nparts && st == PL_OK; i++)
		st = doc_one(j, &m->parts[i], &pdfform);
	/* Priority: the PDF form, the forwarded request, the body. */
	form_init(&j->form);
	for (f = 0; f < PL_NFIELDS; f++)
		if (pdfform.f[f].value)
			form_from_pair(&j->form, pl_field_names[f],
			    pdfform.f[f].value, pdfform.f[f].source);
	form_free(&pdfform);
	form_from_text(&j->form, m->inner_body_text, "body:forwarded");
	/* An inline forward: the applicant's lines below the marker come
	 * before the forwarder's note above it (which may carry her NIP). */
	form_from_text(&j->form, form_forwarded_block(m->body_text),
	    "body:forwarded");
	form_from_text(&j->form, m->body_text, "body");
	for (f = 0; f < PL_NFIELDS && st == PL_OK; f++)
		if (j->form.f[f].value)
			st = store_field_set(j->ctx->st, j->rid, &j->form.f[f],
			    j->row);
	for (i = 0; i < m->nnotes; i++)
		job_note(j, m->notes[i]);
	return st;
}

/* Fill the template context for the reply about request r. */
static void
reply_ctx(struct job *j, const struct pl_request *r,
    const struct wf_eval *ev, struct tpl_ctx *c)
{
	const enum pl_doctype *req = workflow_required_of(r);
	const struct conf *cf = j->ctx->cf;
	struct sla sla;
	char when[96], *line;
	size_t i, k;
	bool have;

	tpl_set(c, "code", r->code);
	tpl_set(c, "nama", r->fields[PL_F_NAMA].value ? r->fields[PL_F_NAMA].value :
	    r->applicant_name ? r->applicant_name : r->applicant_email);
	tpl_set(c, "office", cf->office_name);
	sla_for(cf, r, j->now, &sla);
	calendar_format_long(sla.deadline, when, sizeof when);
	tpl_set(c, "deadline", when);
	calendar_format_long(r->received_at, when, sizeof when);
	tpl_set(c, "received", when);
	for (i = 0; req[i] != DOC_OTHER; i++) {
		have = false;
		for (k = 0; k < r->ndocs; k++)
			have |= r->docs[k].type == req[i] && r->docs[k].usable;
		line = xasprintf("[%s] %s", have ? "ada" : "belum",
		    workflow_doc_label(req[i]));
		tpl_add(c, "checklist", line);
		free(line);
	}
	for (i = 0; i < ev->nmissing; i++)
		tpl_add(c, "missing", workflow_doc_label(
		    classify_parse(ev->missing[i])));
	for (i = 0; i < j->nnotes; i++)
		tpl_add(c, "notes", j->notes[i]);
	for (i = 0; i < ev->nmismatch; i++)
		tpl_add(c, "mismatch", ev->mismatch[i]);
}

static enum pl_status
queue_reply(struct job *j, const struct pl_request *r,
    const struct wf_eval *ev)
{
	struct tpl_ctx *c = tpl_ctx_new();
	struct reply rp;
	const char *why = NULL, *tname;
	char e[LOG_ESC_SIZE];
	enum pl_status st;

	reply_ctx(j, r, ev, c);
	tname = workflow_template(j->is_new, j->old_status, ev->status);
	memset(&rp, 0, sizeof rp);
	rp.to = r->applicant_email;
	rp.cc = r->forwarder_email;
	rp.in_reply_to = j->msg->message_id;
	rp.references = r->refs;
	st = outbox_queue(j->ctx->st, j->ctx->cf, tname, c, r->code, &rp,
	    r->id, j->now, &why);
	if (st != PL_OK)
		log_warnx("msg=%s stage=act result=error template=%s why=\"%s\"",
		    j->mid, tname, log_esc(e, sizeof e, why));
	if (st == PL_EINPUT)
		st = PL_OK;	/* recorded, nothing to send */
	tpl_ctx_free(c);
	return st;
}

static bool
at_intake(const char *status)
{
	return strcmp(status, "received") == 0 ||
	    strcmp(status, "incomplete") == 0 || strcmp(status, "invalid") == 0;
}

/* Below these confidences a KTP value is for the verifier's eyes only. */
#define KTP_CONF_NIK	0.60
#define KTP_CONF_FIELD	0.50

/* A KTP value, or NULL (and a manual check) when read too unsurely. */
static const char *
ktp_value(const struct ktp_result *k, int f, double min,
    struct id_check *extra, size_t *nextra)
{
	if (k->f.v[f] == NULL)
		return NULL;
	if (k->f.conf[f] >= min)
		return k->f.v[f];
	if (*nextra < 4) {
		extra[*nextra].name = f == KTP_NIK ? "ktp_nik_terbaca" :
		    "ktp_terbaca";
		extra[*nextra].verdict = ID_UNKNOWN;
		extra[(*nextra)++].detail = xasprintf("%s pada KTP kurang jelas "
		    "terbaca (keyakinan %.0f%%)", ktp_field_names[f],
		    k->f.conf[f] * 100);
	}
	return NULL;
}

/* Run the identity rules on the form and the KTP reading of r. */
static void
identity(struct job *j, const struct pl_request *r, struct wf_eval *ev)
{
	struct id_check c[ID_MAX_CHECKS + 4];
	struct identity_in in;
	struct ktp_result k;
	struct tm tm;
	time_t local = j->now + 7 * 3600;
	size_t n = 0, extra = 0;
	bool have = ktp_result_newest(r, &k);

	gmtime_r(&local, &tm);
	memset(&in, 0, sizeof in);
	in.form_nik = r->fields[PL_F_NIK].value;
	in.form_nip = r->fields[PL_F_NIP].value;
	in.form_nama = r->fields[PL_F_NAMA].value;
	in.now_year = tm.tm_year + 1900;
	in.max_name_distance = 2;
	if (have) {
		struct id_check *x = c + ID_MAX_CHECKS;

		in.ktp_nik = ktp_value(&k, KTP_NIK, KTP_CONF_NIK, x, &extra);
		in.ktp_nama = ktp_value(&k, KTP_NAMA, KTP_CONF_FIELD, x, &extra);
		in.ktp_lahir = ktp_value(&k, KTP_TANGGAL, KTP_CONF_FIELD, x,
		    &extra);
		in.ktp_sex = ktp_value(&k, KTP_JK, KTP_CONF_FIELD, x, &extra);
		in.ktp_region = k.f.city[0] ? k.f.city : NULL;
	}
	n = identity_checks(&in, c);
	workflow_identity(ev, c, n);
	workflow_identity(ev, c + ID_MAX_CHECKS, extra);
	identity_checks_free(c, n);
	identity_checks_free(c + ID_MAX_CHECKS, extra);
	if (have)
		ktp_result_free(&k);
}

/*
 * Complete and consistent: draft the letter for the verifier and move on
 * to in_review. A letter that cannot be laid out leaves the request where
 * it is (logged); a broken layout or a full disk stops the run.
 */
static enum pl_status
draft_for_review(struct job *j, struct wf_eval *ev)
{
	char why[REVIEW_WHY], e[LOG_ESC_SIZE];
	enum pl_status st;

	st = review_start(j->ctx->cf, j->ctx->st, j->rid,
	    j->msg->message_id, j->now, why);
	if (st == PL_OK) {
		ev->status = "in_review";
		return PL_OK;
	}
	log_warnx("msg=%s stage=act request=%s result=error why=\"%s\"",
	    j->mid, j->code, log_esc(e, sizeof e, why));
	return st == PL_EINPUT ? PL_OK : st;
}

static enum pl_status
decide(struct job *j)
{
	struct pl_request r;
	struct wf_eval ev;
	enum pl_status st;
	char *reason = NULL;
	size_t i;

	if ((st = store_req_load(j->ctx->st, j->rid, &r)) != PL_OK)
		return st;
	workflow_evaluate(&r, j->ctx->cf->domains, j->ctx->cf->ndomains, &ev);
	identity(j, &r, &ev);
	/* The checks first: the verifier's summary is made from them. */
	st = store_checks_set(j->ctx->st, j->rid, ev.checks, ev.nchecks);
	if (st == PL_OK && at_intake(r.status) &&
	    strcmp(ev.status, "received") == 0)
		st = draft_for_review(j, &ev);
	if (st != PL_OK) {
		pl_request_clear(&r);
		workflow_eval_free(&ev);
		return st;
	}
	/* Statuses past the intake (in_review...) belong to later stages. */
	if (at_intake(r.status) && strcmp(r.status, ev.status) != 0) {
		reason = ev.nmissing ? xasprintf("dokumen belum lengkap: %s",
		    ev.checks[0].detail) : ev.nmismatch ? xasprintf("data tidak "
		    "sesuai: %s", ev.mismatch[0]) : strcmp(ev.status,
		    "in_review") == 0 ? xstrdup("dokumen lengkap, draf surat "
		    "dikirim ke verifikator") : xstrdup("dokumen lengkap");
		st = store_req_status(j->ctx->st, j->rid, ev.status, "sertel",
		    reason, ev.missing, ev.nmissing, j->now);
	} else if (at_intake(r.status))
		st = store_req_missing(j->ctx->st, j->rid, ev.missing,
		    ev.nmissing, j->now);
	else
		st = store_req_touch(j->ctx->st, j->rid, j->now);
	pl_request_clear(&r);
	/* Reload: the reply needs the new status and thread. */
	if (st == PL_OK && (st = store_req_load(j->ctx->st, j->rid, &r)) ==
	    PL_OK) {
		st = queue_reply(j, &r, &ev);
		pl_request_clear(&r);
	}
	for (i = 0; i < ev.nmissing && st == PL_OK && log_verbose; i++)
		log_info("msg=%s stage=decide request=%s missing=%s", j->mid,
		    j->code, ev.missing[i]);
	workflow_eval_free(&ev);
	free(reason);
	return st;
}

/* Add this message to the thread's request (or a new one), then decide. */
static enum pl_status
intake(struct job *j, enum run_result *res)
{
	struct pl_request r;
	enum pl_status st;

	if (find_thread(j)) {
		if ((st = store_req_load(j->ctx->st, j->rid, &r)) != PL_OK)
			return st;
		snprintf(j->code, sizeof j->code, "%s", r.code);
		j->old_status = xstrdup(r.status);
		pl_request_clear(&r);
		*res = RUN_FOLLOWUP;
	} else {
		if ((st = open_request(j)) != PL_OK)
			return st;
		*res = RUN_NEW;
	}
	if ((st = record_msg(j, *res == RUN_NEW ? "request" : "followup",
	    NULL)) != PL_OK)
		return st;
	unzip_expand(j->msg);
	if ((st = docs_and_fields(j)) != PL_OK)
		return st;
	if (workflow_data_changed(j->msg->body_text) &&
	    (st = store_req_data_changed(j->ctx->st, j->rid)) != PL_OK)
		return st;
	return decide(j);
}

/*
 * The verifier's answer or BSrE's notice: acted on and recorded here.
 * PL_DONE when the message is neither.
 */
static enum pl_status
review_answer(struct job *j, enum run_result *res)
{
	struct review_mail_result rm;
	enum pl_status st;

	st = review_mail(j->ctx->cf, j->ctx->st, j->msg, j->now, &rm);
	if (st != PL_OK)
		return st;
	if (!rm.ours)
		return PL_DONE;
	j->rid = rm.request_id;
	*res = strcmp(rm.disposition, "ignored") == 0 ? RUN_IGNORED :
	    RUN_FOLLOWUP;
	log_info("msg=%s stage=review result=%s note=\"%s\"", j->mid,
	    rm.disposition, rm.note);
	return record_msg(j, rm.disposition, rm.note);
}

/* A complaint: recorded with its request (if in a thread), opened. */
static enum pl_status
complaint(struct job *j, enum run_result *res)
{
	enum pl_status st;
	char code[24];

	*res = RUN_FOLLOWUP;
	if ((st = record_msg(j, j->rid ? "followup" : "ignored",
	    "pengaduan (sertel complaint list)")) != PL_OK)
		return st;
	st = complaint_open(j->ctx->cf, j->ctx->st, j->msg, j->rid, j->now,
	    code);
	log_info("msg=%s stage=decide result=complaint code=%s", j->mid, code);
	return st;
}

/* Why this message must not be answered, or NULL. */
static const char *
why_ignore(struct job *j)
{
	const struct pl_msg *m = j->msg;

	if (m->auto_reason)
		return m->auto_reason;
	if (m->from_email == NULL)
		return "no sender address";
	if (strcmp(m->from_email, j->ctx->cf->office_email) == 0)
		return "mail from our own address";
	return NULL;
}

static enum pl_status
process(struct job *j, enum run_result *res)
{
	const char *why = NULL;
	char e[LOG_ESC_SIZE];
	enum pl_status st;

	if (j->raw->too_big) {
		*res = RUN_QUARANTINED;
		return record_msg(j, "quarantined",
		    "message larger than PL_MAX_MSG");
	}
	if (mime_parse(j->raw->data, j->raw->len, &j->msg, &why) != PL_OK) {
		*res = RUN_QUARANTINED;
		log_warnx("msg=%s stage=parse result=quarantine why=\"%s\"",
		    j->mid, log_esc(e, sizeof e, why));
		return record_msg(j, "quarantined", why);
	}
	if (store_msg_seen(j->ctx->st, j->msg->message_id ?
	    j->msg->message_id : "", j->sha, NULL)) {
		*res = RUN_DUPLICATE;
		return PL_OK;
	}
	if ((st = review_answer(j, res)) != PL_DONE)
		return st;
	if ((why = why_ignore(j)) != NULL) {
		*res = RUN_IGNORED;
		log_info("msg=%s stage=parse result=ignored why=\"%s\"", j->mid,
		    why);
		return record_msg(j, "ignored", why);
	}
	if (complaint_is(j->ctx->cf, j->msg, find_thread(j)))
		return complaint(j, res);
	j->rid = 0;
	return intake(j, res);
}

enum pl_status
run_message(struct run_ctx *ctx, const struct raw_msg *m,
    enum run_result *res, char code[24])
{
	struct job j;
	enum pl_status st;
	size_t i;

	memset(&j, 0, sizeof j);
	j.ctx = ctx;
	j.raw = m;
	j.now = pl_now();
	if (m->too_big) {
		char tag[128];

		snprintf(tag, sizeof tag, "too-big:%s:%zu", m->source, m->len);
		sha256_hex(tag, strlen(tag), j.sha);
	} else
		sha256_hex(m->data, m->len, j.sha);
	snprintf(j.mid, sizeof j.mid, "%.12s", j.sha);
	code[0] = '\0';
	if ((st = store_begin(ctx->st)) != PL_OK)
		return st;
	/* The same bytes under the same Message-ID were stored before? */
	if (!m->too_big)
		j.quick_mid = mime_quick_msgid(m->data, m->len);
	if (store_msg_seen(ctx->st, j.quick_mid ? j.quick_mid : "", j.sha,
	    NULL)) {
		*res = RUN_DUPLICATE;
		st = PL_OK;
	} else
		st = process(&j, res);
	if (st == PL_OK && *res != RUN_DUPLICATE)
		st = store_commit(ctx->st);
	else
		store_rollback(ctx->st);
	/* The store refused a row for good: keep the message, quarantined. */
	if (st == PL_EINPUT && store_begin(ctx->st) == PL_OK) {
		j.rid = 0;
		*res = RUN_QUARANTINED;
		st = record_msg(&j, "quarantined", "the store refused the "
		    "message's data (constraint)");
		st = st == PL_OK ? store_commit(ctx->st) : PL_ETEMP;
		if (st != PL_OK)
			store_rollback(ctx->st);
	}
	if (st == PL_OK) {
		ctx->count[*res]++;
		snprintf(code, 24, "%s", j.code);
		log_info("msg=%s stage=run result=%s request=%s", j.mid,
		    run_result_names[*res], *j.code ? j.code : "-");
	}
	mime_free(j.msg);
	free(j.quick_mid);
	form_free(&j.form);
	free(j.old_status);
	for (i = 0; i < j.nnotes; i++)
		free(j.notes[i]);
	free(j.notes);
	return st;
}

void
run_prefetch(struct run_ctx *ctx, const struct raw_msg *m)
{
	struct pl_msg *msg = NULL;
	const char *why;
	enum pl_doctype t;
	size_t i;

	if (ctx->ocr == NULL || m->too_big ||
	    mime_parse(m->data, m->len, &msg, &why) != PL_OK)
		return;
	unzip_expand(msg);
	for (i = 0; i < msg->nparts; i++) {
		const struct pl_part *p = &msg->parts[i];

		if (!magic_is_image(magic_kind(p->data, p->len)))
			continue;
		/* Every image gets its first look; named KTPs their reading. */
		t = classify_name(p->filename);
		ocr_prefetch(ctx->ocr, p->data, p->len, false);
		if (t == DOC_KTP)
			ocr_prefetch(ctx->ocr, p->data, p->len, true);
	}
	mime_free(msg);
}
