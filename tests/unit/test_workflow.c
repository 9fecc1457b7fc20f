/* test_workflow: requirements, checks, statuses and transitions. */
#include "testlib.h"

#include "identity.h"
#include "pipeline.h"
#include "workflow.h"

/* A request with documents of the given types (usable unless noted). */
struct req_fx {
	struct pl_request	r;
	struct pl_doc		docs[12];
};

static void
req_make(struct req_fx *x, const char *type, const enum pl_doctype *types,
    const bool *usable, size_t ndocs, const char *email)
{
	size_t i;

	memset(x, 0, sizeof *x);
	x->r.type = (char *)type;
	x->r.status = (char *)"received";
	for (i = 0; i < PL_NFIELDS; i++)
		x->r.fields[i].name = pl_field_names[i];
	x->r.fields[PL_F_NAMA].value = (char *)"Budi Santoso";
	x->r.fields[PL_F_NIK].value = (char *)"3375011203850001";
	x->r.fields[PL_F_NIP].value = (char *)"198503122010011003";
	x->r.fields[PL_F_EMAIL_DINAS].value = (char *)email;
	for (i = 0; i < ndocs && i < 12; i++) {
		x->docs[i].type = types[i];
		x->docs[i].usable = usable ? usable[i] : true;
		x->docs[i].note = x->docs[i].usable ? NULL :
		    (char *)"KTP tidak berwarna (hitam putih)";
	}
	x->r.docs = x->docs;
	x->r.ndocs = ndocs;
}

static const struct pl_check *
check_named(const struct wf_eval *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nchecks; i++)
		if (strcmp(ev->checks[i].name, name) == 0)
			return &ev->checks[i];
	return NULL;
}

static char *dom_one[] = { (char *)"pekalongankota.go.id" };

static const enum pl_doctype all5[] = { DOC_SURAT_PERMOHONAN, DOC_FORMULIR,
    DOC_REKOMENDASI, DOC_KTP, DOC_SK_JABATAN };

static void
test_all_five_received(void **state)
{
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;

	(void)state;
	req_make(&x, "issuance", all5, NULL, 5, "budi@pekalongankota.go.id");
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	assert_string_equal(ev.status, "received");
	assert_int_equal(ev.nmissing, 0);
	assert_int_equal(ev.nmismatch, 0);
	c = check_named(&ev, "dokumen_lengkap");
	assert_non_null(c);
	assert_true(c->ok);
	c = check_named(&ev, "data_formulir");
	assert_non_null(c);
	assert_true(c->ok);
	c = check_named(&ev, "email_dinas");
	assert_non_null(c);
	assert_true(c->ok);
	c = check_named(&ev, "ktp_berwarna");
	assert_non_null(c);
	assert_true(c->ok);
	workflow_eval_free(&ev);
	assert_int_equal(ev.nchecks, 0);
}

/* Document sets and what is missing (in the procedure's order). */
static const struct {
	const char	*what;
	const char	*type;
	enum pl_doctype	 docs[8];
	bool		 usable[8];
	size_t		 ndocs;
	const char	*status;
	const char	*missing;	/* comma separated */
} doc_rows[] = {
	{ "all five", "issuance", { DOC_SURAT_PERMOHONAN, DOC_FORMULIR,
	    DOC_REKOMENDASI, DOC_KTP, DOC_SK_JABATAN },
	    { 1, 1, 1, 1, 1 }, 5, "received", "" },
	{ "KTP unusable", "issuance", { DOC_SURAT_PERMOHONAN, DOC_FORMULIR,
	    DOC_REKOMENDASI, DOC_KTP, DOC_SK_JABATAN },
	    { 1, 1, 1, 0, 1 }, 5, "incomplete", "ktp" },
	{ "KTP absent", "issuance", { DOC_SURAT_PERMOHONAN, DOC_FORMULIR,
	    DOC_REKOMENDASI, DOC_SK_JABATAN }, { 1, 1, 1, 1 }, 4,
	    "incomplete", "ktp" },
	{ "a bad and a good KTP", "issuance", { DOC_SURAT_PERMOHONAN,
	    DOC_FORMULIR, DOC_REKOMENDASI, DOC_KTP, DOC_KTP, DOC_SK_JABATAN },
	    { 1, 1, 1, 0, 1, 1 }, 6, "received", "" },
	{ "nothing", "issuance", { DOC_OTHER }, { 1 }, 0, "incomplete",
	    "surat_permohonan,formulir_pendaftaran,surat_rekomendasi,ktp,"
	    "sk_jabatan" },
	{ "only others", "issuance", { DOC_OTHER, DOC_OTHER, DOC_OTHER },
	    { 1, 1, 1 }, 3, "incomplete",
	    "surat_permohonan,formulir_pendaftaran,surat_rekomendasi,ktp,"
	    "sk_jabatan" },
	{ "SR and SK only", "issuance", { DOC_SK_JABATAN, DOC_REKOMENDASI },
	    { 1, 1 }, 2, "incomplete",
	    "surat_permohonan,formulir_pendaftaran,ktp" },
	{ "all unusable", "issuance", { DOC_SURAT_PERMOHONAN, DOC_FORMULIR,
	    DOC_REKOMENDASI, DOC_KTP, DOC_SK_JABATAN },
	    { 0, 0, 0, 0, 0 }, 5, "incomplete",
	    "surat_permohonan,formulir_pendaftaran,surat_rekomendasi,ktp,"
	    "sk_jabatan" },
	/* Renewal needs only the recommendation letter. */
	{ "renewal, SR", "renewal", { DOC_REKOMENDASI }, { 1 }, 1,
	    "received", "" },
	{ "renewal, SR and more", "renewal", { DOC_KTP, DOC_REKOMENDASI,
	    DOC_OTHER }, { 0, 1, 1 }, 3, "received", "" },
	{ "renewal, nothing", "renewal", { DOC_OTHER }, { 1 }, 0,
	    "incomplete", "surat_rekomendasi" },
	{ "renewal, SR unusable", "renewal", { DOC_REKOMENDASI }, { 0 }, 1,
	    "incomplete", "surat_rekomendasi" },
	{ "renewal, everything but SR", "renewal", { DOC_SURAT_PERMOHONAN,
	    DOC_FORMULIR, DOC_KTP, DOC_SK_JABATAN }, { 1, 1, 1, 1 }, 4,
	    "incomplete", "surat_rekomendasi" },
	/* An unknown type is held to the issuance requirements. */
	{ "NULL type", NULL, { DOC_REKOMENDASI }, { 1 }, 1, "incomplete",
	    "surat_permohonan,formulir_pendaftaran,ktp,sk_jabatan" },
};

static void
test_documents_table(void **state)
{
	struct req_fx x;
	struct wf_eval ev;
	char got[512];
	size_t i, k, o;
	const struct pl_check *c;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(doc_rows); i++) {
		req_make(&x, doc_rows[i].type, doc_rows[i].docs,
		    doc_rows[i].usable, doc_rows[i].ndocs,
		    "budi@pekalongankota.go.id");
		workflow_evaluate(&x.r, dom_one, 1, &ev);
		tl_str("status", i, doc_rows[i].what, ev.status,
		    doc_rows[i].status);
		got[0] = '\0';
		for (k = 0, o = 0; k < ev.nmissing && o < sizeof got; k++)
			o += (size_t)snprintf(got + o, sizeof got - o, "%s%s",
			    k ? "," : "", ev.missing[k]);
		tl_str("missing", i, doc_rows[i].what, got,
		    doc_rows[i].missing);
		c = check_named(&ev, "dokumen_lengkap");
		if (c == NULL || c->ok != (ev.nmissing == 0))
			tl_fail("row %zu: dokumen_lengkap check wrong", i);
		workflow_eval_free(&ev);
	}
	TL_END();
}

/* An unusable KTP: the reason reaches the check and the detail. */
static void
test_ktp_unusable_detail(void **state)
{
	static const bool usable[] = { 1, 1, 1, 0, 1 };
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;

	(void)state;
	req_make(&x, "issuance", all5, usable, 5, "budi@pekalongankota.go.id");
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	assert_string_equal(ev.status, "incomplete");
	assert_int_equal(ev.nmissing, 1);
	assert_string_equal(ev.missing[0], "ktp");
	c = check_named(&ev, "ktp_berwarna");
	assert_non_null(c);
	assert_false(c->ok);
	assert_string_equal(c->detail, "KTP tidak berwarna (hitam putih)");
	c = check_named(&ev, "dokumen_lengkap");
	assert_non_null(strstr(c->detail, "ktp (tidak dapat dipakai)"));
	workflow_eval_free(&ev);
}

/* Name, NIK and NIP must be in the form. */
static void
test_form_fields(void **state)
{
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;

	(void)state;
	req_make(&x, "issuance", all5, NULL, 5, "budi@pekalongankota.go.id");
	x.r.fields[PL_F_NIK].value = NULL;
	x.r.fields[PL_F_NIP].value = NULL;
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	c = check_named(&ev, "data_formulir");
	assert_non_null(c);
	assert_false(c->ok);
	assert_non_null(strstr(c->detail, "nik"));
	assert_non_null(strstr(c->detail, "nip"));
	assert_null(strstr(c->detail, "nama"));
	workflow_eval_free(&ev);
}

/* The official e-mail domain: itself or a subdomain, nothing else. */
static const struct {
	const char	*email;
	bool		 ok;
} email_rows[] = {
	{ "budi@pekalongankota.go.id", true },
	{ "budi.santoso@pekalongankota.go.id", true },
	{ "budi@diskominfo.pekalongankota.go.id", true },
	{ "budi@a.b.pekalongankota.go.id", true },
	{ "budi@PekalonganKota.go.id", true },		/* DNS is case-blind */
	{ "budi@pekalongankota.go.id.evil.com", false },
	{ "budi@evilpekalongankota.go.id", false },
	{ "budi@pekalongankota-go.id", false },
	{ "budi@pekalongankota.go.id.", false },
	{ "budi@go.id", false },
	{ "budi@kota.go.id", false },
	{ "budi@gmail.com", false },
	{ "pekalongankota.go.id", false },
	{ "budi@", false },
	{ "@pekalongankota.go.id.evil.com", false },
	{ "budi@pekalongankota.go.id@evil.com", false },
};

static void
test_email_domain_table(void **state)
{
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(email_rows); i++) {
		req_make(&x, "issuance", all5, NULL, 5, email_rows[i].email);
		workflow_evaluate(&x.r, dom_one, 1, &ev);
		c = check_named(&ev, "email_dinas");
		if (c == NULL)
			tl_fail("row %zu: no email_dinas check", i);
		else if (c->ok != email_rows[i].ok)
			tl_fail("row %zu (%s): ok=%d, want %d (%s)", i,
			    email_rows[i].email, c->ok, email_rows[i].ok,
			    c->detail);
		/* An address off the domains makes the request invalid. */
		tl_str("status", i, email_rows[i].email, ev.status,
		    email_rows[i].ok ? "received" : "invalid");
		if (!email_rows[i].ok && ev.nmismatch != 1)
			tl_fail("row %zu: %zu mismatches", i, ev.nmismatch);
		workflow_eval_free(&ev);
	}
	TL_END();
}

/* Several configured domains; none configured; no address at all. */
static void
test_email_domains_config(void **state)
{
	char *two[] = { (char *)"pekalongankota.go.id",
	    (char *)"jatengprov.go.id" };
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;

	(void)state;
	req_make(&x, "issuance", all5, NULL, 5, "a@bkd.jatengprov.go.id");
	workflow_evaluate(&x.r, two, 2, &ev);
	assert_true(check_named(&ev, "email_dinas")->ok);
	assert_string_equal(ev.status, "received");
	workflow_eval_free(&ev);

	workflow_evaluate(&x.r, NULL, 0, &ev);
	assert_false(check_named(&ev, "email_dinas")->ok);
	workflow_eval_free(&ev);

	/* No address in the form: a failed check, not invalid data. */
	req_make(&x, "issuance", all5, NULL, 5, NULL);
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	c = check_named(&ev, "email_dinas");
	assert_non_null(c);
	assert_false(c->ok);
	assert_int_equal(ev.nmismatch, 0);
	workflow_eval_free(&ev);

	/* Missing documents win over invalid data. */
	req_make(&x, "issuance", all5, NULL, 3, "budi@gmail.com");
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	assert_string_equal(ev.status, "incomplete");
	assert_int_equal(ev.nmismatch, 1);
	workflow_eval_free(&ev);
}

/* Identity verdicts: a mismatch is invalid, unknown is for the eye. */
static void
test_identity_verdicts(void **state)
{
	struct id_check ids[3] = {
		{ "nik_form_ktp", ID_OK, (char *)"NIK sama" },
		{ "nama_form_ktp", ID_UNKNOWN, (char *)"KTP tidak terbaca" },
		{ "nip_lahir", ID_MISMATCH, (char *)"Tanggal lahir NIP beda" },
	};
	struct req_fx x;
	struct wf_eval ev;
	const struct pl_check *c;

	(void)state;
	req_make(&x, "issuance", all5, NULL, 5, "budi@pekalongankota.go.id");
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	workflow_identity(&ev, ids, 2);
	assert_string_equal(ev.status, "received");
	c = check_named(&ev, "nama_form_ktp");
	assert_non_null(c);
	assert_false(c->ok);
	assert_string_equal(c->detail, "periksa manual: KTP tidak terbaca");
	assert_true(check_named(&ev, "nik_form_ktp")->ok);
	workflow_identity(&ev, ids + 2, 1);
	assert_string_equal(ev.status, "invalid");
	assert_int_equal(ev.nmismatch, 1);
	assert_string_equal(ev.mismatch[0], "Tanggal lahir NIP beda");
	workflow_eval_free(&ev);

	/* With documents missing it stays incomplete. */
	req_make(&x, "issuance", all5, NULL, 4, "budi@pekalongankota.go.id");
	workflow_evaluate(&x.r, dom_one, 1, &ev);
	workflow_identity(&ev, ids + 2, 1);
	assert_string_equal(ev.status, "incomplete");
	workflow_eval_free(&ev);
}

/* DESIGN.md §4: the status machine. */
static const struct {
	const char	*from, *to;
	bool		 ok;
} allowed_rows[] = {
	{ "received", "incomplete", true },
	{ "received", "invalid", true },
	{ "received", "in_review", true },
	{ "incomplete", "received", true },
	{ "incomplete", "invalid", true },
	{ "incomplete", "in_review", true },
	{ "invalid", "received", true },
	{ "invalid", "incomplete", true },
	{ "in_review", "approved", true },
	{ "in_review", "rejected", true },
	{ "in_review", "incomplete", true },
	{ "approved", "issued", true },
	/* Staying is always allowed. */
	{ "received", "received", true },
	{ "incomplete", "incomplete", true },
	{ "issued", "issued", true },
	/* Skipping the review, going back from the end. */
	{ "received", "approved", false },
	{ "received", "issued", false },
	{ "incomplete", "approved", false },
	{ "invalid", "approved", false },
	{ "in_review", "issued", false },
	{ "approved", "received", false },
	{ "approved", "rejected", false },
	{ "issued", "received", false },
	{ "issued", "in_review", false },
	{ "rejected", "received", false },
	{ "rejected", "approved", false },
	{ "received", "bogus", false },
	{ "bogus", "received", false },
	{ "", "received", false },
	{ "RECEIVED", "incomplete", false },
};

static void
test_allowed_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(allowed_rows); i++)
		if (workflow_allowed(allowed_rows[i].from, allowed_rows[i].to) !=
		    allowed_rows[i].ok)
			tl_fail("row %zu: %s -> %s: got %d, want %d", i,
			    allowed_rows[i].from, allowed_rows[i].to,
			    !allowed_rows[i].ok, allowed_rows[i].ok);
	TL_END();
}

static const struct {
	bool		 is_new;
	const char	*old, *cur;
	const char	*want;
} tpl_rows[] = {
	{ true, "", "received", "received" },
	{ true, "", "incomplete", "incomplete" },
	{ true, "", "invalid", "invalid" },
	{ false, "incomplete", "received", "complete" },
	{ false, "incomplete", "incomplete", "incomplete" },
	{ false, "received", "incomplete", "incomplete" },
	{ false, "received", "received", "update" },
	{ false, "received", "invalid", "invalid" },
	{ false, "invalid", "invalid", "invalid" },
	{ false, "in_review", "in_review", "update" },
	{ false, "incomplete", "in_review", "in_review" },
	{ true, "", "in_review", "in_review" },
	{ false, "invalid", "in_review", "in_review" },
	{ false, "received", "in_review", "in_review" },
	{ false, "approved", "approved", "update" },
};

static void
test_template_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(tpl_rows); i++)
		tl_str("workflow_template", i, tpl_rows[i].cur,
		    workflow_template(tpl_rows[i].is_new, tpl_rows[i].old,
		    tpl_rows[i].cur), tpl_rows[i].want);
	TL_END();
}

static void
test_required_and_labels(void **state)
{
	const enum pl_doctype *req;
	size_t n;

	(void)state;
	req = workflow_required("issuance");
	for (n = 0; req[n] != DOC_OTHER; n++)
		assert_int_equal(req[n], all5[n]);
	assert_int_equal(n, 5);
	req = workflow_required("renewal");
	assert_int_equal(req[0], DOC_REKOMENDASI);
	assert_int_equal(req[1], DOC_OTHER);
	assert_int_equal(workflow_required(NULL)[4], DOC_SK_JABATAN);
	assert_string_equal(workflow_doc_label(DOC_KTP), "Scan KTP berwarna");
	assert_string_equal(workflow_doc_label(DOC_REKOMENDASI),
	    "Surat Rekomendasi dari atasan");
	assert_string_equal(workflow_doc_label(DOC_OTHER), "Dokumen lain");
	assert_string_equal(workflow_doc_label(DOC_NTYPES), "Dokumen lain");
	assert_string_equal(workflow_doc_label((enum pl_doctype)1000),
	    "Dokumen lain");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_five_received),
		cmocka_unit_test(test_documents_table),
		cmocka_unit_test(test_ktp_unusable_detail),
		cmocka_unit_test(test_form_fields),
		cmocka_unit_test(test_email_domain_table),
		cmocka_unit_test(test_email_domains_config),
		cmocka_unit_test(test_identity_verdicts),
		cmocka_unit_test(test_allowed_table),
		cmocka_unit_test(test_template_table),
		cmocka_unit_test(test_required_and_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
