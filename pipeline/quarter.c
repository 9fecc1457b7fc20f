/*
 * quarter (report stage): the figures of the quarterly evaluation the SOP
 * asks for: requests a week by type, statuses, working hours from receipt
 * to decision, SLA compliance, why requests were incomplete, complaints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "calendar.h"
#include "quarter.h"
#include "sla.h"
#include "util.h"
#include "xmem.h"

#define WIB	(7 * 3600)

const char *const q_status_names[Q_NSTATUS] = { "received", "incomplete",
    "invalid", "in_review", "approved", "rejected", "issued" };

int
quarter_parse(const char *s, int *year, int *q)
{
	int n = 0;

	if (sscanf(s, "%4dQ%1d%n", year, q, &n) != 2 || s[n] != '\0' ||
	    *year < 2000 || *year > 2999 || *q < 1 || *q > 4)
		return -1;
	return 0;
}

static time_t
wib_date(int y, int mo, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	return timegm(&tm) - WIB;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th quantile of sorted v[0..n) (nearest rank). */
static double
quantile(const double *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (size_t)ceil(p * n);
	return v[k ? k - 1 : 0];
}

/* Document types named in an "incomplete" event's reason. */
static void
count_reasons(struct quarter *r, const char *reason)
{
	const char *p = strstr(reason ? reason : "", ": ");
	char name[32];
	int i, n;

	if (p == NULL)
		return;
	for (p += 2; *p; p += strspn(p, "; ")) {
		n = (int)strcspn(p, " ;");
		if (n <= 0 || n >= (int)sizeof name)
			break;
		snprintf(name, sizeof name, "%.*s", n, p);
		for (i = 0; i < r->nreasons; i++)
			if (strcmp(r->reason[i].name, name) == 0)
				break;
		if (i == r->nreasons && i < Q_MAX_REASONS)
			snprintf(r->reason[r->nreasons++].name,
			    sizeof r->reason[0].name, "%s", name);
		if (i < r->nreasons)
			r->reason[i].n++;
		p += strcspn(p, ";");
	}
}

static void
one_request(const struct conf *cf, const struct pl_request *q,
    struct quarter *r, double *hours, size_t *nh, time_t now)
{
	struct sla s;
	time_t decided = 0;
	size_t i;
	int w, st;

	r->received++;
	w = (int)((q->received_at - r->week[0]) / (7 * 86400));
	if (w >= 0 && w < r->nweeks) {
		if (strcmp(q->type, "renewal") == 0)
			r->renewal[w]++;
		else
			r->issuance[w]++;
	}
	for (st = 0; st < Q_NSTATUS; st++)
		if (strcmp(q->status, q_status_names[st]) == 0)
			r->status[st]++;
	for (i = 0; i < q->nevents; i++) {
		if (strcmp(q->events[i].status, "incomplete") == 0)
			count_reasons(r, q->events[i].reason);
		if (!decided && (strcmp(q->events[i].status, "approved") == 0 ||
		    strcmp(q->events[i].status, "rejected") == 0))
			decided = q->events[i].when;
	}
	sla_for(cf, q, now, &s);
	if (!s.running) {
		r->finished++;
		r->in_time += s.used <= s.budget;
		if (decided)
			hours[(*nh)++] = s.used / 60.0;
	} else if (s.percent >= 100)
		r->overdue_open++;
}

static int
reason_cmp(const void *a, const void *b)
{
	const struct { char name[32]; int n; } *x = a, *y = b;

	return y->n - x->n;
}

enum pl_status
quarter_compute(const struct conf *cf, struct store *st, int year, int q,
    time_t now, struct quarter *r)
{
	struct pl_request req;
	struct store_complaint *c = NULL;
	int64_t *ids = NULL;
	size_t n = 0, i, nh = 0, nc = 0;
	double *hours;
	time_t monday;
	struct tm tm;
	enum pl_status rv;

	memset(r, 0, sizeof *r);
	r->year = year;
	r->q = q;
	r->from = wib_date(year, (q - 1) * 3 + 1, 1);
	r->to = q == 4 ? wib_date(year + 1, 1, 1) : wib_date(year, q * 3 + 1,
	    1);
	/* Weeks from the Monday on or before the first day. */
	monday = r->from + WIB;
	gmtime_r(&monday, &tm);
	monday = r->from - (time_t)((tm.tm_wday + 6) % 7) * 86400;
	for (; monday < r->to && r->nweeks < Q_MAX_WEEKS; monday += 7 * 86400)
		r->week[r->nweeks++] = monday;
	if ((rv = store_req_list(st, NULL, &ids, &n)) != PL_OK)
		return rv;
	hours = xcalloc(n ? n : 1, sizeof *hours);
	for (i = 0; i < n; i++) {
		if (store_req_load(st, ids[i], &req) != PL_OK)
			continue;
		if (req.received_at >= r->from && req.received_at < r->to)
			one_request(cf, &req, r, hours, &nh, now);
		pl_request_clear(&req);
	}
	qsort(hours, nh, sizeof *hours, dbl_cmp);
	r->median_hours = quantile(hours, nh, 0.5);
	r->p90_hours = quantile(hours, nh, 0.9);
	r->sla_percent = r->finished ? 100.0 * r->in_time / r->finished : 0;
	qsort(r->reason, (size_t)r->nreasons, sizeof r->reason[0],
	    reason_cmp);
	free(hours);
	free(ids);
	if (store_complaint_list(st, false, &c, &nc) == PL_OK) {
		for (i = 0; i < nc; i++) {
			r->complaints_opened += c[i].opened_at >= r->from &&
			    c[i].opened_at < r->to;
			r->complaints_closed += c[i].closed_at >= r->from &&
			    c[i].closed_at < r->to;
		}
		store_complaint_free(c, nc);
	}
	return PL_OK;
}

char *
quarter_json(const struct quarter *r)
{
	json_object *o = json_object_new_object(), *a, *e;
	char iso[32], q[16], *out;
	int i;

	snprintf(q, sizeof q, "%dQ%d", r->year, r->q);
	json_object_object_add(o, "quarter", json_object_new_string(q));
	time_iso(r->from, iso);
	json_object_object_add(o, "from", json_object_new_string(iso));
	time_iso(r->to, iso);
	json_object_object_add(o, "to", json_object_new_string(iso));
	json_object_object_add(o, "received", json_object_new_int(r->received));
	a = json_object_new_array();
	for (i = 0; i < r->nweeks; i++) {
		e = json_object_new_object();
		time_iso(r->week[i], iso);
		json_object_object_add(e, "week", json_object_new_string(iso));
		json_object_object_add(e, "issuance",
		    json_object_new_int(r->issuance[i]));
		json_object_object_add(e, "renewal",
		    json_object_new_int(r->renewal[i]));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "weeks", a);
	e = json_object_new_object();
	for (i = 0; i < Q_NSTATUS; i++)
		json_object_object_add(e, q_status_names[i],
		    json_object_new_int(r->status[i]));
	json_object_object_add(o, "status", e);
	json_object_object_add(o, "finished", json_object_new_int(r->finished));
	json_object_object_add(o, "turnaround_median_hours",
	    json_object_new_double(round(r->median_hours * 10) / 10));
	json_object_object_add(o, "turnaround_p90_hours",
	    json_object_new_double(round(r->p90_hours * 10) / 10));
	json_object_object_add(o, "sla_compliance_percent",
	    json_object_new_double(round(r->sla_percent * 10) / 10));
	json_object_object_add(o, "overdue_open",
	    json_object_new_int(r->overdue_open));
	a = json_object_new_array();
	for (i = 0; i < r->nreasons; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "document",
		    json_object_new_string(r->reason[i].name));
		json_object_object_add(e, "requests",
		    json_object_new_int(r->reason[i].n));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "incomplete_reasons", a);
	json_object_object_add(o, "complaints_opened",
	    json_object_new_int(r->complaints_opened));
	json_object_object_add(o, "complaints_closed",
	    json_object_new_int(r->complaints_closed));
	out = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

void
quarter_csv(const struct quarter *r, FILE *f)
{
	char iso[32];
	int i;

	fprintf(f, "section,key,value\n");
	fprintf(f, "summary,quarter,%dQ%d\n", r->year, r->q);
	fprintf(f, "summary,received,%d\n", r->received);
	fprintf(f, "summary,finished,%d\n", r->finished);
	fprintf(f, "summary,turnaround_median_hours,%.1f\n", r->median_hours);
	fprintf(f, "summary,turnaround_p90_hours,%.1f\n", r->p90_hours);
	fprintf(f, "summary,sla_compliance_percent,%.1f\n", r->sla_percent);
	fprintf(f, "summary,overdue_open,%d\n", r->overdue_open);
	fprintf(f, "summary,complaints_opened,%d\n", r->complaints_opened);
	fprintf(f, "summary,complaints_closed,%d\n", r->complaints_closed);
	for (i = 0; i < Q_NSTATUS; i++)
		fprintf(f, "status,%s,%d\n", q_status_names[i], r->status[i]);
	for (i = 0; i < r->nweeks; i++) {
		time_iso(r->week[i], iso);
		fprintf(f, "week_issuance,%.10s,%d\n", iso, r->issuance[i]);
		fprintf(f, "week_renewal,%.10s,%d\n", iso, r->renewal[i]);
	}
	for (i = 0; i < r->nreasons; i++)
		fprintf(f, "incomplete_reason,%s,%d\n", r->reason[i].name,
		    r->reason[i].n);
}
