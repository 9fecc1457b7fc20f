/* workflow (decide stage): requirements, checks and status transitions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"
#include "workflow.h"
#include "xmem.h"

static const enum pl_doctype req_issuance[] = { DOC_SURAT_PERMOHONAN,
    DOC_FORMULIR, DOC_REKOMENDASI, DOC_KTP, DOC_SK_JABATAN, DOC_OTHER };
static const enum pl_doctype req_renewal[] = { DOC_REKOMENDASI, DOC_OTHER };
static const enum pl_doctype req_renewal_data[] = { DOC_REKOMENDASI,
    DOC_PERUBAHAN_DATA, DOC_OTHER };

/* Words of a mail asking to renew a certificate (subject or body). */
static const char *const renewal_cues[] = { "perpanjang", "pembaruan",
    "perbarui", "memperbarui", "pembaharuan", "renewal", "renew ",
    "masa berlaku habis", "masa berlaku berakhir", "sudah kedaluwarsa",
    "sudah kadaluarsa", "expired" };
/* Words that say the holder's data changed (the SOP's step 3). */
static const char *const change_cues[] = { "perubahan data", "data berubah",
    "ganti jabatan", "pindah unit", "mutasi", "berganti jabatan",
    "data saya berubah", "perubahan jabatan" };

const char *
workflow_request_type(const char *subject, const char *body)
{
	size_t n = sizeof renewal_cues / sizeof *renewal_cues;

	/* The subject, and the first lines of the body, not a quote. */
	return str_has_any(subject, 998, renewal_cues, n) ||
	    str_has_any(body, 600, renewal_cues, n) ? "renewal" : "issuance";
}

bool
workflow_data_changed(const char *body)
{
	return str_has_any(body, 2000, change_cues, sizeof change_cues /
	    sizeof *change_cues);
}

const enum pl_doctype *
workflow_required(const char *type)
{
	return type && strcmp(type, "renewal") == 0 ? req_renewal :
	    req_issuance;
}

const enum pl_doctype *
workflow_required_of(const struct pl_request *r)
{
	if (r->type && strcmp(r->type, "renewal") == 0)
		return r->data_changed ? req_renewal_data : req_renewal;
	return req_issuance;
}

const char *
workflow_doc_label(enum pl_doctype t)
{
	static const char *const labels[DOC_NTYPES] = {
		"Dokumen lain",
		"Surat Permohonan",
		"Formulir Pendaftaran",
		"Surat Rekomendasi dari atasan",
		"Scan KTP berwarna",
		"Fotokopi SK pengangkatan jabatan terakhir",
		"Formulir perubahan data",
	};

	return t < DOC_NTYPES ? labels[t] : labels[0];
}

/* Transitions of DESIGN.md §4; a status may always stay as it is. */
static const struct { const char *from, *to; } transitions[] = {
	{ "received", "incomplete" }, { "received", "invalid" },
	{ "received", "in_review" }, { "incomplete", "received" },
	{ "incomplete", "invalid" }, { "incomplete", "in_review" },
	{ "invalid", "received" }, { "invalid", "incomplete" },
	{ "invalid", "in_review" }, { "in_review", "approved" },
	{ "in_review", "rejected" }, { "in_review", "incomplete" },
	{ "in_review", "invalid" }, { "approved", "issued" },
};

bool
workflow_allowed(const char *from, const char *to)
{
	size_t i;

	if (strcmp(from, to) == 0)
		return true;
	for (i = 0; i < sizeof transitions / sizeof *transitions; i++)
		if (strcmp(transitions[i].from, from) == 0 &&
		    strcmp(transitions[i].to, to) == 0)
			return true;
	return false;
}

const char *
workflow_template(bool is_new, const char *old, const char *cur)
{
	if (strcmp(cur, "incomplete") == 0)
		return "incomplete";
	if (strcmp(cur, "invalid") == 0)
		return "invalid";
	if (strcmp(cur, "in_review") == 0 && (is_new || strcmp(old, cur) != 0))
		return "in_review";
	if (is_new)
		return "received";
	if (strcmp(old, "incomplete") == 0 && strcmp(cur, "received") == 0)
		return "complete";
	return "update";
}

static void
check_add(struct wf_eval *ev, const char *name, bool ok, char *detail)
{
	if (ev->nchecks == WF_MAX_CHECKS) {
		free(detail);
		return;
	}
	ev->checks[ev->nchecks].name = xstrdup(name);
	ev->checks[ev->nchecks].ok = ok;
	ev->checks[ev->nchecks++].detail = detail;
}

static void
mismatch_add(struct wf_eval *ev, char *text)
{
	ev->mismatch = xreallocarray(ev->mismatch, ev->nmismatch + 1,
	    sizeof *ev->mismatch);
	ev->mismatch[ev->nmismatch++] = text;
}

static void
set_status(struct wf_eval *ev)
{
	ev->status = ev->nmissing ? "incomplete" : ev->nmismatch ? "invalid" :
	    "received";
}

/* A usable document of type t; *unusable set if only unusable ones. */
static bool
has_doc(const struct pl_request *r, enum pl_doctype t,
    const struct pl_doc **unusable)
{
	size_t i;

	*unusable = NULL;
	for (i = 0; i < r->ndocs; i++) {
		if (r->docs[i].type != t)
			continue;
		if (r->docs[i].usable)
			return true;
		*unusable = &r->docs[i];
	}
	return false;
}

static void
eval_documents(const struct pl_request *r, struct wf_eval *ev)
{
	const enum pl_doctype *req = workflow_required_of(r);
	const struct pl_doc *bad;
	struct buf d;
	size_t i;

	buf_init(&d, 4096);
	for (i = 0; req[i] != DOC_OTHER; i++) {
		if (has_doc(r, req[i], &bad))
			continue;
		ev->missing = xreallocarray(ev->missing, ev->nmissing + 1,
		    sizeof *ev->missing);
		ev->missing[ev->nmissing++] = xstrdup(pl_doctype_names[req[i]]);
		buf_printf(&d, "%s%s%s", d.len ? "; " : "",
		    pl_doctype_names[req[i]], bad ? " (tidak dapat dipakai)" :
		    " (tidak ada)");
	}
	check_add(ev, "dokumen_lengkap", ev->nmissing == 0,
	    ev->nmissing ? buf_steal(&d, NULL) : xstrdup(req == req_issuance ?
	    "lima dokumen ada" : "dokumen perpanjangan ada"));
	buf_free(&d);
}

static void
eval_form(const struct pl_request *r, struct wf_eval *ev)
{
	static const int need[] = { PL_F_NAMA, PL_F_NIK, PL_F_NIP };
	struct buf d;
	size_t i;
	bool ok = true;

	buf_init(&d, 1024);
	for (i = 0; i < sizeof need / sizeof *need; i++)
		if (r->fields[need[i]].value == NULL) {
			buf_printf(&d, "%s%s", d.len ? ", " : "tidak ditemukan: ",
			    pl_field_names[need[i]]);
			ok = false;
		}
	check_add(ev, "data_formulir", ok, ok ? xstrdup("nama, NIK, NIP ada") :
	    buf_steal(&d, NULL));
	buf_free(&d);
}

static void
eval_email(const struct pl_request *r, char *const *domains, size_t nd,
    struct wf_eval *ev)
{
	const char *e = r->fields[PL_F_EMAIL_DINAS].value, *at;

	if (e == NULL) {
		check_add(ev, "email_dinas", false,
		    xstrdup("e-mail dinas tidak ditemukan di formulir"));
		return;
	}
	at = strrchr(e, '@');
	if (identity_email_official(e, domains, nd)) {
		check_add(ev, "email_dinas", true, xasprintf("domain resmi %s",
		    at ? at + 1 : e));
		return;
	}
	check_add(ev, "email_dinas", false, xasprintf("%s bukan domain resmi",
	    at ? at + 1 : e));
	mismatch_add(ev, xasprintf("E-mail dinas %s tidak berada di domain "
	    "resmi (%s)", e, nd ? domains[0] : "-"));
}

static void
eval_ktp(const struct pl_request *r, struct wf_eval *ev)
{
	const struct pl_doc *bad;

	if (has_doc(r, DOC_KTP, &bad))
		check_add(ev, "ktp_berwarna", true, xstrdup("scan KTP berwarna"));
	else if (bad)
		check_add(ev, "ktp_berwarna", false, xstrdup(bad->note ?
		    bad->note : "KTP tidak dapat dipakai"));
}

void
workflow_evaluate(const struct pl_request *r, char *const *domains,
    size_t ndomains, struct wf_eval *ev)
{
	memset(ev, 0, sizeof *ev);
	eval_documents(r, ev);
	eval_form(r, ev);
	eval_email(r, domains, ndomains, ev);
	eval_ktp(r, ev);
	set_status(ev);
}

void
workflow_identity(struct wf_eval *ev, const struct id_check *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		check_add(ev, ids[i].name, ids[i].verdict == ID_OK,
		    ids[i].verdict == ID_UNKNOWN ? xasprintf("periksa manual: "
		    "%s", ids[i].detail) : xstrdup(ids[i].detail));
		if (ids[i].verdict == ID_MISMATCH)
			mismatch_add(ev, xstrdup(ids[i].detail));
	}
	set_status(ev);
}

void
workflow_eval_free(struct wf_eval *ev)
{
	size_t i;

	for (i = 0; i < ev->nmissing; i++)
		free(ev->missing[i]);
	free(ev->missing);
	for (i = 0; i < ev->nchecks; i++) {
		free(ev->checks[i].name);
		free(ev->checks[i].detail);
	}
	for (i = 0; i < ev->nmismatch; i++)
		free(ev->mismatch[i]);
	free(ev->mismatch);
	memset(ev, 0, sizeof *ev);
}
