/* report: list and show requests as text tables or JSON (json-c). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "log.h"
#include "calendar.h"
#include "report.h"
#include "sla.h"
#include "store.h"
#include "util.h"
#include "xmem.h"

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
jtime(time_t t)
{
	char iso[32];

	time_iso(t, iso);
	return json_object_new_string(iso);
}

static json_object *
list_item(const struct pl_request *r)
{
	json_object *o = json_object_new_object(), *ids;
	size_t i;

	json_object_object_add(o, "id", jstr(r->code));
	json_object_object_add(o, "type", jstr(r->type));
	json_object_object_add(o, "status", jstr(r->status));
	json_object_object_add(o, "applicant_email", jstr(r->applicant_email));
	json_object_object_add(o, "nama", jstr(r->fields[PL_F_NAMA].value ?
	    r->fields[PL_F_NAMA].value : r->applicant_name));
	ids = json_object_new_array();
	for (i = 0; i < r->nmsgs; i++)
		if (r->msgs[i].message_id && *r->msgs[i].message_id)
			json_object_array_add(ids, jstr(r->msgs[i].message_id));
	json_object_object_add(o, "message_ids", ids);
	json_object_object_add(o, "created_at", jtime(r->created_at));
	json_object_object_add(o, "updated_at", jtime(r->updated_at));
	return o;
}

static void
print_json(json_object *o, FILE *out)
{
	fprintf(out, "%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* Width-limited, control-free cell for the text table. */
static void
cell(FILE *out, const char *s, int width)
{
	char *c = utf8_clean(s ? s : "-", strlen(s ? s : "-"), false);
	int cols = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)c; *p && cols < width; p++) {
		if ((*p & 0xc0) != 0x80)
			cols++;
		if (cols > width)
			break;
		fputc(*p, out);
		/* Finish a multi-byte character. */
		while ((p[1] & 0xc0) == 0x80)
			fputc(*++p, out);
	}
	for (; cols < width; cols++)
		fputc(' ', out);
	fputc(' ', out);
	free(c);
}

static void
list_row(FILE *out, const struct pl_request *r)
{
	char miss[256] = "";
	size_t i;

	for (i = 0; i < r->nmissing; i++) {
		strncat(miss, i ? "," : "", sizeof miss - strlen(miss) - 1);
		strncat(miss, r->missing[i], sizeof miss - strlen(miss) - 1);
	}
	cell(out, r->code, 14);
	cell(out, r->status, 10);
	cell(out, r->fields[PL_F_NAMA].value ? r->fields[PL_F_NAMA].value : r->applicant_name,
	    26);
	cell(out, r->applicant_email, 38);
	fprintf(out, "%zu  %s\n", r->ndocs, *miss ? miss : "-");
}

enum pl_status
report_list(struct store *st, const char *status, bool json, FILE *out)
{
	struct pl_request r;
	json_object *arr = json ? json_object_new_array() : NULL;
	int64_t *ids;
	size_t n, i;
	enum pl_status rv;

	if ((rv = store_req_list(st, status, &ids, &n)) != PL_OK)
		return rv;
	if (!json)
		fprintf(out, "%-14s %-10s %-26s %-38s %s\n", "ID", "STATUS",
		    "NAMA", "E-MAIL", "DOCS MISSING");
	for (i = 0; i < n; i++) {
		if (store_req_load(st, ids[i], &r) != PL_OK)
			continue;
		if (json)
			json_object_array_add(arr, list_item(&r));
		else
			list_row(out, &r);
		pl_request_clear(&r);
	}
	if (json) {
		print_json(arr, out);
		json_object_put(arr);
	} else
		fprintf(out, "%zu request%s\n", n, n == 1 ? "" : "s");
	free(ids);
	return PL_OK;
}

enum pl_status
report_held(struct store *st, bool all, bool json, FILE *out)
{
	struct store_held *h;
	json_object *arr, *o;
	size_t n, i;
	enum pl_status rv;

	if ((rv = store_held_list(st, all, &h, &n)) != PL_OK)
		return rv;
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (!json) {
			cell(out, h[i].disposition, 11);
			cell(out, h[i].received_at, 25);
			cell(out, h[i].from_email, 30);
			fprintf(out, "%s\n", h[i].reason ? h[i].reason : "-");
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "message_id", jstr(h[i].message_id));
		json_object_object_add(o, "from", jstr(h[i].from_email));
		json_object_object_add(o, "subject", jstr(h[i].subject));
		json_object_object_add(o, "disposition",
		    jstr(h[i].disposition));
		json_object_object_add(o, "reason", jstr(h[i].reason));
		json_object_object_add(o, "received_at",
		    jstr(h[i].received_at));
		json_object_array_add(arr, o);
	}
	if (json)
		print_json(arr, out);
	else
		fprintf(out, "%zu message%s held\n", n, n == 1 ? "" : "s");
	json_object_put(arr);
	store_held_free(h, n);
	return PL_OK;
}

enum pl_status
report_outbox(struct store *st, bool json, FILE *out)
{
	struct store_pending *p;
	json_object *arr, *o;
	char when[32];
	size_t n, i;
	enum pl_status rv;

	if ((rv = store_out_pending(st, &p, &n)) != PL_OK)
		return rv;
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		time_iso(p[i].next_at, when);
		if (!json) {
			cell(out, p[i].status, 7);
			cell(out, p[i].code, 15);
			cell(out, p[i].kind, 11);
			cell(out, p[i].rcpt, 30);
			fprintf(out, "%d  %s%s%s\n", p[i].attempts, p[i].error,
			    strcmp(p[i].status, "queued") == 0 ? "; next " :
			    "", strcmp(p[i].status, "queued") == 0 ? when : "");
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(p[i].id));
		json_object_object_add(o, "request", jstr(p[i].code));
		json_object_object_add(o, "to", jstr(p[i].rcpt));
		json_object_object_add(o, "kind", jstr(p[i].kind));
		json_object_object_add(o, "status", jstr(p[i].status));
		json_object_object_add(o, "attempts",
		    json_object_new_int(p[i].attempts));
		json_object_object_add(o, "error", jstr(p[i].error));
		json_object_object_add(o, "next_at", jstr(when));
		json_object_array_add(arr, o);
	}
	if (json)
		print_json(arr, out);
	else
		fprintf(out, "%zu outgoing mail%s failed or waiting for a retry"
		    "\n", n, n == 1 ? "" : "s");
	json_object_put(arr);
	store_pending_free(p, n);
	return PL_OK;
}

static json_object *
show_applicant(const struct pl_request *r)
{
	json_object *a = json_object_new_object();
	int i;

	json_object_object_add(a, "email", jstr(r->applicant_email));
	for (i = 0; i < PL_NFIELDS; i++)
		json_object_object_add(a, pl_field_names[i],
		    i == 0 && r->fields[PL_F_NAMA].value == NULL ?
		    jstr(r->applicant_name) : jstr(r->fields[i].value));
	if (r->forwarder_email)
		json_object_object_add(a, "forwarded_by",
		    jstr(r->forwarder_email));
	return a;
}

static json_object *
show_documents(const struct pl_request *r)
{
	json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < r->ndocs; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "type",
		    jstr(pl_doctype_names[r->docs[i].type]));
		json_object_object_add(o, "filename", jstr(r->docs[i].filename));
		json_object_object_add(o, "content_type",
		    jstr(r->docs[i].content_type));
		json_object_object_add(o, "size",
		    json_object_new_int64((int64_t)r->docs[i].size));
		json_object_object_add(o, "sha256", jstr(r->docs[i].sha256));
		json_object_object_add(o, "usable",
		    json_object_new_boolean(r->docs[i].usable));
		if (r->docs[i].note)
			json_object_object_add(o, "note", jstr(r->docs[i].note));
		if (r->docs[i].archive)
			json_object_object_add(o, "archive",
			    jstr(r->docs[i].archive));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *
show_rest(const struct pl_request *r, json_object *o)
{
	json_object *arr, *e;
	size_t i;

	arr = json_object_new_array();
	for (i = 0; i < r->nmsgs; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "message_id",
		    jstr(r->msgs[i].message_id));
		json_object_object_add(e, "from", jstr(r->msgs[i].from));
		json_object_object_add(e, "subject", jstr(r->msgs[i].subject));
		json_object_object_add(e, "date", jstr(r->msgs[i].date));
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "messages", arr);
	json_object_object_add(o, "documents", show_documents(r));
	arr = json_object_new_array();
	for (i = 0; i < r->nmissing; i++)
		json_object_array_add(arr, jstr(r->missing[i]));
	json_object_object_add(o, "missing", arr);
	arr = json_object_new_array();
	for (i = 0; i < r->nchecks; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "name", jstr(r->checks[i].name));
		json_object_object_add(e, "ok",
		    json_object_new_boolean(r->checks[i].ok));
		json_object_object_add(e, "detail", jstr(r->checks[i].detail));
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "checks", arr);
	arr = json_object_new_array();
	for (i = 0; i < r->nevents; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "at", jstr(r->events[i].at));
		json_object_object_add(e, "status", jstr(r->events[i].status));
		json_object_object_add(e, "actor", jstr(r->events[i].actor));
		json_object_object_add(e, "reason", jstr(r->events[i].reason));
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "events", arr);
	return o;
}

static void
show_text(const struct pl_request *r, json_object *o, FILE *out)
{
	json_object *a;
	size_t i;
	int f;

	fprintf(out, "%s  %s  %s\n", r->code, r->type, r->status);
	fprintf(out, "applicant: %s\n", r->applicant_email);
	a = json_object_object_get(o, "applicant");
	for (f = 0; f < PL_NFIELDS; f++)
		fprintf(out, "  %-17s %s\n", pl_field_names[f],
		    json_object_get_string(json_object_object_get(a,
		    pl_field_names[f])) ?: "-");
	fprintf(out, "documents:\n");
	for (i = 0; i < r->ndocs; i++)
		fprintf(out, "  %-20s %-8s %8zu  %s%s%s\n",
		    pl_doctype_names[r->docs[i].type],
		    r->docs[i].usable ? "ok" : "UNUSABLE", r->docs[i].size,
		    r->docs[i].filename ? r->docs[i].filename : "-",
		    r->docs[i].note ? "  -- " : "",
		    r->docs[i].note ? r->docs[i].note : "");
	fprintf(out, "missing:");
	for (i = 0; i < r->nmissing; i++)
		fprintf(out, " %s", r->missing[i]);
	fprintf(out, "%s\nchecks:\n", r->nmissing ? "" : " -");
	for (i = 0; i < r->nchecks; i++)
		fprintf(out, "  %-16s %-4s %s\n", r->checks[i].name,
		    r->checks[i].ok ? "ok" : "FAIL", r->checks[i].detail);
	fprintf(out, "events:\n");
	for (i = 0; i < r->nevents; i++)
		fprintf(out, "  %s  %-10s %-8s %s\n", r->events[i].at,
		    r->events[i].status, r->events[i].actor,
		    r->events[i].reason ? r->events[i].reason : "");
}

/*
 * The service-level clock: "deadline" (ISO 8601) and "sla" (the same in
 * Indonesian, the share of time used, the waiting left out).
 */
static void
show_deadline(const struct conf *cf, const struct pl_request *r,
    json_object *top)
{
	json_object *o = json_object_new_object();
	struct sla s;
	char iso[32], text[128];

	sla_for(cf, r, pl_now(), &s);
	time_iso(s.deadline, iso);
	calendar_format_long(s.deadline, text, sizeof text);
	json_object_object_add(top, "deadline", jstr(iso));
	json_object_object_add(o, "deadline_text", jstr(text));
	json_object_object_add(o, "used_percent",
	    json_object_new_int(s.percent));
	json_object_object_add(o, "budget_minutes",
	    json_object_new_int64(s.budget));
	json_object_object_add(o, "waiting_minutes",
	    json_object_new_int64(s.waiting));
	json_object_object_add(o, "running", json_object_new_boolean(
	    s.running));
	json_object_object_add(top, "sla", o);
}

/* The request's newest draft and its final letter, if any. */
static json_object *
show_letter(struct store *st, int64_t id)
{
	json_object *o = json_object_new_object();
	struct store_letter l;

	if (store_letter_find(st, NULL, id, false, &l)) {
		json_object_object_add(o, "draft", jstr(l.path));
		store_letter_clear(&l);
	} else
		json_object_object_add(o, "draft", NULL);
	if (store_letter_find(st, NULL, id, true, &l)) {
		json_object_object_add(o, "number", jstr(l.number));
		json_object_object_add(o, "path", jstr(l.path));
		json_object_object_add(o, "sha256", jstr(l.sha256));
		json_object_object_add(o, "qr_sha256", jstr(l.ref_sha256));
		json_object_object_add(o, "signed_by", jstr(l.actor));
		store_letter_clear(&l);
	} else
		json_object_object_add(o, "number", NULL);
	return o;
}

/* Everything `show --json` prints about request r (id). */
static json_object *
show_json(struct store *st, const struct conf *cf, int64_t id,
    const struct pl_request *r)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", jstr(r->code));
	json_object_object_add(o, "type", jstr(r->type));
	json_object_object_add(o, "status", jstr(r->status));
	json_object_object_add(o, "applicant", show_applicant(r));
	show_rest(r, o);
	json_object_object_add(o, "letter", show_letter(st, id));
	show_deadline(cf, r, o);
	return o;
}

struct json_object *
report_json(struct store *st, const struct conf *cf, int64_t id)
{
	struct pl_request r;
	json_object *o;

	if (store_req_load(st, id, &r) != PL_OK)
		return NULL;
	o = show_json(st, cf, id, &r);
	pl_request_clear(&r);
	return o;
}

enum pl_status
report_show(struct store *st, const struct conf *cf, const char *code,
    bool json, FILE *out)
{
	struct pl_request r;
	json_object *o;
	int64_t id;
	enum pl_status rv;

	if (!store_req_by_code(st, code, &id))
		return PL_EINPUT;
	if ((rv = store_req_load(st, id, &r)) != PL_OK)
		return rv;
	o = show_json(st, cf, id, &r);
	if (json)
		print_json(o, out);
	else {
		json_object *l = json_object_object_get(o, "letter");

		show_text(&r, o, out);
		fprintf(out, "deadline: %s (%d%% used)\n",
		    json_object_get_string(json_object_object_get(
		    json_object_object_get(o, "sla"), "deadline_text")),
		    json_object_get_int(json_object_object_get(
		    json_object_object_get(o, "sla"), "used_percent")));
		fprintf(out, "letter:\n  draft   %s\n  final   %s %s\n",
		    json_object_get_string(json_object_object_get(l,
		    "draft")) ?: "-", json_object_get_string(
		    json_object_object_get(l, "number")) ?: "-",
		    json_object_get_string(json_object_object_get(l,
		    "path")) ?: "");
	}
	json_object_put(o);
	pl_request_clear(&r);
	return PL_OK;
}
