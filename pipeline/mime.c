/* mime (parse stage): libetpan's MIME tree to bodies, parts and headers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "buf.h"
#include "charset.h"
#include "html.h"
#include "mime.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

/* State of one walk over the tree. */
struct walk {
	struct pl_msg	*msg;		/* borrowed */
	size_t		 decoded;	/* bytes of decoded bodies so far */
	size_t		 maxparts;	/* slots in msg->parts */
	int		 forwarded;	/* message/rfc822 parts seen */
	const char	*why;		/* static reason on PL_EINPUT */
};

/* Where body text of the current message goes. */
struct text {
	struct buf	plain;
	struct buf	html;		/* converted text of HTML parts */
};

static enum pl_status walk_mime(struct walk *, struct mailmime *,
    struct text *, int inner, int depth);

void
mime_note(struct pl_msg *msg, const char *note)
{
	size_t i;

	for (i = 0; i < msg->nnotes; i++)
		if (strcmp(msg->notes[i], note) == 0)
			return;
	if (msg->nnotes >= 32)
		return;
	msg->notes = xreallocarray(msg->notes, msg->nnotes + 1,
	    sizeof *msg->notes);
	msg->notes[msg->nnotes++] = xstrdup(note);
}

/* A syntactically plausible addr-spec, lower-cased; NULL if not. */
static char *
addr_clean(const char *a)
{
	const char *at, *p;
	size_t n = strlen(a);

	at = strchr(a, '@');
	if (n == 0 || n > 254 || at == NULL || at == a || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || (size_t)(at - a) > 64)
		return NULL;
	for (p = a; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' ||
		    *p == '>' || *p == '(' || *p == ')' || *p == ',' ||
		    *p == ';' || *p == '"' || *p == '\\')
			return NULL;
	return str_lower(xstrdup(a));
}

/*
 * A display name as libetpan hands it over: surrounding quotes (which
 * mailers put around encoded words too) removed, \" unescaped, RFC 2047
 * decoded. The caller owns the result.
 */
static char *
display_name(const char *raw)
{
	size_t n = strlen(raw), i, o = 0;
	char *q, *r;

	if (n >= 2 && raw[0] == '"' && raw[n - 1] == '"') {
		q = xmalloc(n);
		for (i = 1; i + 1 < n; i++) {
			if (raw[i] == '\\' && i + 2 < n)
				i++;
			q[o++] = raw[i];
		}
		q[o] = '\0';
		r = rfc2047_decode(q);
		free(q);
		return r;
	}
	return rfc2047_decode(raw);
}

/* The address as written: libetpan drops spaces inside addr-specs. */
static bool
addr_literal(const char *value, const char *email)
{
	return str_casestr(value, email) != NULL;
}

int
mime_addr(const char *value, char **name, char **email)
{
	struct mailimf_mailbox_list *mbl = NULL;
	struct mailimf_mailbox *mb;
	const char *lt, *gt;
	char *addr;
	size_t idx = 0;

	*name = *email = NULL;
	if (mailimf_mailbox_list_parse(value, strlen(value), &idx, &mbl) ==
	    MAILIMF_NO_ERROR && clist_count(mbl->mb_list) > 0) {
		mb = clist_content(clist_begin(mbl->mb_list));
		*email = addr_clean(mb->mb_addr_spec);
		if (*email && !addr_literal(value, *email)) {
			free(*email);
			*email = NULL;
			mailimf_mailbox_list_free(mbl);
			return -1;
		}
		if (*email && mb->mb_display_name)
			*name = display_name(mb->mb_display_name);
		mailimf_mailbox_list_free(mbl);
		if (*email)
			return 0;
		free(*name);
		*name = NULL;
	}
	/* Lenient fallback for what libetpan refuses: the text in <>. */
	lt = strrchr(value, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		addr = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		*email = addr_clean(str_trim(addr));
		free(addr);
	} else {
		addr = xstrdup(value);
		*email = addr_clean(str_trim(addr));
		free(addr);
	}
	return *email ? 0 : -1;
}

static char *
bracket_id(const char *id)
{
	char *clean = utf8_clean(id, strnlen(id, 998), false), *r;

	if (strchr(clean, ' ') != NULL) {
		free(clean);
		return NULL;
	}
	r = xasprintf("<%s>", clean);
	free(clean);
	return r;
}

/* Why headers say this mail came from a machine, or NULL. */
static const char *
auto_header(const char *name, const char *value)
{
	if (strcasecmp(name, "Auto-Submitted") == 0 &&
	    !str_caseprefix(value, "no"))
		return "Auto-Submitted header";
	if (strcasecmp(name, "Precedence") == 0 &&
	    (str_casestr(value, "bulk") || str_casestr(value, "list") ||
	    str_casestr(value, "junk") || str_casestr(value, "auto_reply")))
		return "Precedence bulk/list/junk/auto_reply";
	if (str_caseprefix(name, "List-"))
		return "mailing list (List-* header)";
	if (strcasecmp(name, "X-Autoreply") == 0 ||
	    strcasecmp(name, "X-Autorespond") == 0 ||
	    strcasecmp(name, "X-Autoresponse") == 0)
		return "X-Autoreply header";
	if (strcasecmp(name, "Return-Path") == 0 &&
	    strstr(value, "<>") != NULL)
		return "null return path";
	return NULL;
}

static const char *
auto_sender(const char *email)
{
	static const char *const locals[] = { "mailer-daemon", "postmaster",
	    "no-reply", "noreply", "no_reply", "do-not-reply", "donotreply",
	    "do_not_reply", "bounce", "bounces" };
	size_t i, n;
	const char *at;

	if (email == NULL)
		return "no sender address";
	at = strchr(email, '@');
	n = (size_t)(at - email);
	for (i = 0; i < sizeof locals / sizeof *locals; i++)
		if (strlen(locals[i]) == n && strncmp(email, locals[i], n) == 0)
			return "sender is an automatic mailbox";
	if (str_caseprefix(email, "bounce") || str_caseprefix(email, "noreply"))
		return "sender is an automatic mailbox";
	return NULL;
}

/* ISO 8601 of a parsed Date in Asia/Jakarta. */
static char *
date_iso(const struct mailimf_date_time *d)
{
	struct tm tm;
	time_t t;
	char out[32];
	int zone;

	if (d->dt_year < 1970 || d->dt_year > 9999 || d->dt_month < 1 ||
	    d->dt_month > 12 || d->dt_day < 1 || d->dt_day > 31)
		return NULL;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = d->dt_year - 1900;
	tm.tm_mon = d->dt_month - 1;
	tm.tm_mday = d->dt_day;
	tm.tm_hour = d->dt_hour;
	tm.tm_min = d->dt_min;
	tm.tm_sec = d->dt_sec;
	t = timegm(&tm);
	zone = d->dt_zone;		/* e.g. +0700 as 700 */
	t -= (zone / 100) * 3600 + (zone % 100) * 60;
	time_iso(t, out);
	return xstrdup(out);
}

struct hdrs {
	char	*from_name, *from_email, *subject, *message_id, *in_reply_to;
	char	*reply_to, *date;
	char	**refs;
	size_t	 nrefs;
	char	**rcpts;	/* To, Cc, Delivered-To, X-Original-To */
	size_t	 nrcpts;
	char	**authres;	/* Authentication-Results values */
	size_t	 nauthres;
	const char *auto_reason;
};

static void
list_add(char ***l, size_t *n, size_t max, char *v)
{
	if (v == NULL)
		return;
	if (*n >= max) {
		free(v);
		return;
	}
	*l = xreallocarray(*l, *n + 1, sizeof **l);
	(*l)[(*n)++] = v;
}

/* Every mailbox of an address list (groups too) as a recipient. */
static void
hdr_rcpts(struct hdrs *h, struct mailimf_address_list *al)
{
	struct mailimf_address *ad;
	clistiter *it, *g;
	struct mailimf_mailbox *mb;

	if (al == NULL)
		return;
	for (it = clist_begin(al->ad_list); it; it = clist_next(it)) {
		ad = clist_content(it);
		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX)
			list_add(&h->rcpts, &h->nrcpts, PL_MAX_RCPTS,
			    addr_clean(ad->ad_data.ad_mailbox->mb_addr_spec));
		else if (ad->ad_data.ad_group->grp_mb_list)
			for (g = clist_begin(ad->ad_data.ad_group->grp_mb_list->
			    mb_list); g; g = clist_next(g)) {
				mb = clist_content(g);
				list_add(&h->rcpts, &h->nrcpts, PL_MAX_RCPTS,
				    addr_clean(mb->mb_addr_spec));
			}
	}
}

static void
hdr_refs(struct hdrs *h, clist *ids)
{
	clistiter *it;
	size_t n = clist_count(ids), skip = 0, i = 0;
	char *id;

	if (n > PL_MAX_REFS)
		skip = n - PL_MAX_REFS;
	for (it = clist_begin(ids); it; it = clist_next(it), i++) {
		if (i < skip)
			continue;
		id = bracket_id(clist_content(it));
		if (id == NULL)
			continue;
		h->refs = xreallocarray(h->refs, h->nrefs + 1,
		    sizeof *h->refs);
		h->refs[h->nrefs++] = id;
	}
}

static void
hdr_mailbox(struct mailimf_mailbox_list *mbl, char **name, char **email)
{
	struct mailimf_mailbox *mb;

	if (*email || mbl == NULL || clist_count(mbl->mb_list) == 0)
		return;
	mb = clist_content(clist_begin(mbl->mb_list));
	*email = addr_clean(mb->mb_addr_spec);
	if (*email && mb->mb_display_name)
		*name = display_name(mb->mb_display_name);
}

static void
hdr_optional(struct hdrs *h, const struct mailimf_optional_field *of)
{
	const char *why = auto_header(of->fld_name, of->fld_value);

	if (why && h->auto_reason == NULL)
		h->auto_reason = why;
	if (strcasecmp(of->fld_name, "From") == 0 && h->from_email == NULL)
		mime_addr(of->fld_value, &h->from_name, &h->from_email);
	if (strcasecmp(of->fld_name, "Delivered-To") == 0 ||
	    strcasecmp(of->fld_name, "X-Original-To") == 0) {
		char *name = NULL, *email = NULL;

		mime_addr(of->fld_value, &name, &email);
		free(name);
		list_add(&h->rcpts, &h->nrcpts, PL_MAX_RCPTS, email);
	}
	/* One more than the verifier allows, so too many is seen. */
	if (strcasecmp(of->fld_name, "Authentication-Results") == 0)
		list_add(&h->authres, &h->nauthres, PL_MAX_AUTHRES + 1,
		    utf8_clean(of->fld_value, strnlen(of->fld_value,
		    PL_MAX_LINE), false));
}

static void
hdr_field(struct hdrs *h, const struct mailimf_field *f)
{
	struct mailimf_address *ad;

	switch (f->fld_type) {
	case MAILIMF_FIELD_FROM:
		hdr_mailbox(f->fld_data.fld_from->frm_mb_list, &h->from_name,
		    &h->from_email);
		break;
	case MAILIMF_FIELD_REPLY_TO:
		if (h->reply_to || clist_count(
		    f->fld_data.fld_reply_to->rt_addr_list->ad_list) == 0)
			break;
		ad = clist_content(clist_begin(
		    f->fld_data.fld_reply_to->rt_addr_list->ad_list));
		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX)
			h->reply_to = addr_clean(ad->ad_data.ad_mailbox->
			    mb_addr_spec);
		break;
	case MAILIMF_FIELD_TO:
		hdr_rcpts(h, f->fld_data.fld_to->to_addr_list);
		break;
	case MAILIMF_FIELD_CC:
		hdr_rcpts(h, f->fld_data.fld_cc->cc_addr_list);
		break;
	case MAILIMF_FIELD_SUBJECT:
		if (h->subject == NULL)
			h->subject = rfc2047_decode(
			    f->fld_data.fld_subject->sbj_value);
		break;
	case MAILIMF_FIELD_MESSAGE_ID:
		if (h->message_id == NULL)
			h->message_id = bracket_id(
			    f->fld_data.fld_message_id->mid_value);
		break;
	case MAILIMF_FIELD_IN_REPLY_TO:
		if (h->in_reply_to == NULL && clist_count(
		    f->fld_data.fld_in_reply_to->mid_list) > 0)
			h->in_reply_to = bracket_id(clist_content(clist_begin(
			    f->fld_data.fld_in_reply_to->mid_list)));
		break;
	case MAILIMF_FIELD_REFERENCES:
		if (h->nrefs == 0)
			hdr_refs(h, f->fld_data.fld_references->mid_list);
		break;
	case MAILIMF_FIELD_ORIG_DATE:
		if (h->date == NULL)
			h->date = date_iso(f->fld_data.fld_orig_date->dt_date_time);
		break;
	case MAILIMF_FIELD_OPTIONAL_FIELD:
		hdr_optional(h, f->fld_data.fld_optional_field);
		break;
	default:
		break;
	}
}

static void
hdrs_read(struct hdrs *h, struct mailimf_fields *fields)
{
	clistiter *it;

	memset(h, 0, sizeof *h);
	if (fields == NULL)
		return;
	for (it = clist_begin(fields->fld_list); it; it = clist_next(it))
		hdr_field(h, clist_content(it));
}

static void
hdrs_free(struct hdrs *h)
{
	size_t i;

	free(h->from_name);
	free(h->from_email);
	free(h->subject);
	free(h->message_id);
	free(h->in_reply_to);
	free(h->reply_to);
	free(h->date);
	for (i = 0; i < h->nrefs; i++)
		free(h->refs[i]);
	free(h->refs);
	for (i = 0; i < h->nrcpts; i++)
		free(h->rcpts[i]);
	free(h->rcpts);
	for (i = 0; i < h->nauthres; i++)
		free(h->authres[i]);
	free(h->authres);
}

/* "type/subtype" of a part, lower case; the caller owns it. */
static char *
mime_type_of(const struct mailmime_content *ct)
{
	const char *type = "application", *sub;
	char *r, *tmp;

	if (ct == NULL || ct->ct_type == NULL)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		switch (ct->ct_type->tp_data.tp_discrete_type->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
		case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
		case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
		case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION:
			type = ct->ct_type->tp_data.tp_discrete_type->
			    dt_extension;
			break;
		default: break;
		}
	} else if (ct->ct_type->tp_data.tp_composite_type->ct_type ==
	    MAILMIME_COMPOSITE_TYPE_MESSAGE)
		type = "message";
	else if (ct->ct_type->tp_data.tp_composite_type->ct_type ==
	    MAILMIME_COMPOSITE_TYPE_MULTIPART)
		type = "multipart";
	sub = ct->ct_subtype ? ct->ct_subtype : "octet-stream";
	tmp = xasprintf("%s/%.100s", type ? type : "application", sub);
	r = utf8_clean(tmp, strlen(tmp), false);
	free(tmp);
	return str_lower(r);
}

/* Gather generic parameters of a part into a flat array for RFC 2231. */
static size_t
params_of(const struct mailmime_single_fields *sf,
    struct rfc2231_param *out, size_t max)
{
	struct mailmime_disposition_parm *dp;
	struct mailmime_parameter *pa;
	clistiter *it;
	size_t n = 0;

	if (sf->fld_disposition && sf->fld_disposition->dsp_parms)
		for (it = clist_begin(sf->fld_disposition->dsp_parms);
		    it && n < max; it = clist_next(it)) {
			dp = clist_content(it);
			if (dp->pa_type != MAILMIME_DISPOSITION_PARM_PARAMETER)
				continue;
			out[n].name = dp->pa_data.pa_parameter->pa_name;
			out[n++].value = dp->pa_data.pa_parameter->pa_value;
		}
	if (sf->fld_content && sf->fld_content->ct_parameters)
		for (it = clist_begin(sf->fld_content->ct_parameters);
		    it && n < max; it = clist_next(it)) {
			pa = clist_content(it);
			out[n].name = pa->pa_name;
			out[n++].value = pa->pa_value;
		}
	return n;
}

/* The file name a part was sent with, decoded and cleaned, or NULL. */
static char *
part_filename(const struct mailmime_single_fields *sf)
{
	struct rfc2231_param params[128];
	size_t n = params_of(sf, params, 128);
	char *raw = NULL, *clean;

	raw = rfc2231_decode(params, n, "filename");
	if (raw == NULL && sf->fld_disposition_filename)
		raw = rfc2047_decode(sf->fld_disposition_filename);
	if (raw == NULL)
		raw = rfc2231_decode(params, n, "name");
	if (raw == NULL && sf->fld_content_name)
		raw = rfc2047_decode(sf->fld_content_name);
	clean = filename_clean(raw);
	free(raw);
	return clean;
}

/* Decode the transfer encoding of a single part; -1 past the caps. */
static int
part_decode(struct walk *w, struct mailmime *mm,
    const struct mailmime_single_fields *sf, char **out, size_t *outlen)
{
	struct mailmime_data *d = mm->mm_data.mm_single;
	int enc = sf->fld_encoding ? sf->fld_encoding->enc_type :
	    MAILMIME_MECHANISM_8BIT;
	char *res = NULL;
	size_t idx = 0, rlen = 0;

	*out = NULL;
	*outlen = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT) {
		*out = xstrdup("");
		return 0;
	}
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &idx, enc, &res, &rlen) !=
	    MAILIMF_NO_ERROR) {
		*out = xstrdup("");
		return 0;		/* undecodable: an empty part */
	}
	if (rlen > PL_MAX_DECODED - w->decoded) {
		mailmime_decoded_part_free(res);
		w->why = "decoded parts larger than PL_MAX_DECODED";
		return -1;
	}
	w->decoded += rlen;
	*out = xmalloc(rlen + 1);
	memcpy(*out, res, rlen);
	(*out)[rlen] = '\0';
	*outlen = rlen;
	mailmime_decoded_part_free(res);
	return 0;
}

static int
add_part(struct walk *w, struct pl_part *p)
{
	struct pl_msg *m = w->msg;

	if (m->nparts >= PL_MAX_ATTACH) {
		w->why = "more attachments than PL_MAX_ATTACH";
		return -1;
	}
	if (m->nparts == w->maxparts) {
		w->maxparts = w->maxparts ? w->maxparts * 2 : 8;
		m->parts = xreallocarray(m->parts, w->maxparts,
		    sizeof *m->parts);
	}
	m->parts[m->nparts++] = *p;
	return 0;
}

static bool
is_attachment_disp(const struct mailmime_single_fields *sf)
{
	return sf->fld_disposition && sf->fld_disposition->dsp_type &&
	    sf->fld_disposition->dsp_type->dsp_type ==
	    MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
}

static bool
is_inline_disp(const struct mailmime_single_fields *sf)
{
	return sf->fld_disposition && sf->fld_disposition->dsp_type &&
	    sf->fld_disposition->dsp_type->dsp_type ==
	    MAILMIME_DISPOSITION_TYPE_INLINE;
}

static enum pl_status
walk_single(struct walk *w, struct mailmime *mm, struct text *tx, int inner)
{
	struct mailmime_single_fields sf;
	struct pl_part p;
	char *type, *fname, *data, *u;
	size_t len;

	mailmime_single_fields_init(&sf, mm->mm_mime_fields,
	    mm->mm_content_type);
	type = mime_type_of(mm->mm_content_type);
	fname = part_filename(&sf);
	if (part_decode(w, mm, &sf, &data, &len) == -1) {
		free(type);
		free(fname);
		return PL_EINPUT;
	}
	/* A text part without a name is body text, not a document. */
	if (fname == NULL && !is_attachment_disp(&sf) &&
	    (strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "text/html") == 0)) {
		if (strcmp(type, "text/html") == 0) {
			u = html_to_text(data, len, sf.fld_content_charset);
			buf_adds(&tx->html, u);
		} else {
			u = charset_to_utf8(sf.fld_content_charset, data, len);
			buf_adds(&tx->plain, u);
		}
		buf_addc(strcmp(type, "text/html") == 0 ? &tx->html :
		    &tx->plain, '\n');
		free(u);
		free(data);
		free(type);
		return PL_OK;
	}
	memset(&p, 0, sizeof p);
	p.filename = fname;
	p.declared_type = type;
	p.content_id = sf.fld_id ? bracket_id(sf.fld_id) : NULL;
	p.is_inline = is_inline_disp(&sf) || (sf.fld_disposition == NULL &&
	    sf.fld_id != NULL);
	p.data = (unsigned char *)data;
	p.len = len;
	p.inner = inner;
	if (add_part(w, &p) == -1) {
		free(fname);
		free(type);
		free(p.content_id);
		free(data);
		return PL_EINPUT;
	}
	return PL_OK;
}

static void
text_init(struct text *t)
{
	buf_init(&t->plain, PL_MAX_BODY_TEXT);
	buf_init(&t->html, PL_MAX_BODY_TEXT);
}

static void
text_free(struct text *t)
{
	buf_free(&t->plain);
	buf_free(&t->html);
}

/* The body of t: its plain text if it has any, else its HTML as text. */
static const char *
text_best(const struct text *t)
{
	const char *p;

	if (t->plain.data)
		for (p = t->plain.data; *p; p++)
			if (!isspace((unsigned char)*p))
				return t->plain.data;
	return t->html.data ? t->html.data : "";
}

static enum pl_status
walk_multipart(struct walk *w, struct mailmime *mm, struct text *tx,
    int inner, int depth)
{
	bool alt = mm->mm_content_type && mm->mm_content_type->ct_subtype &&
	    strcasecmp(mm->mm_content_type->ct_subtype, "alternative") == 0;
	struct text sub;
	clistiter *it;
	enum pl_status st = PL_OK;

	if (!alt) {
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
		    it && st == PL_OK; it = clist_next(it))
			st = walk_mime(w, clist_content(it), tx, inner,
			    depth + 1);
		return st;
	}
	/* multipart/alternative: one body, plain text preferred. */
	text_init(&sub);
	for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
	    it && st == PL_OK; it = clist_next(it))
		st = walk_mime(w, clist_content(it), &sub, inner, depth + 1);
	buf_adds(&tx->plain, text_best(&sub));
	text_free(&sub);
	return st;
}

/* A forwarded message (message/rfc822): the applicant is inside it. */
static enum pl_status
walk_inner(struct walk *w, struct mailmime *mm, int depth)
{
	struct pl_msg *m = w->msg;
	struct hdrs h;
	struct text sub;
	enum pl_status st = PL_OK;

	hdrs_read(&h, mm->mm_data.mm_message.mm_fields);
	if (w->forwarded++ == 0) {
		m->inner_from_email = h.from_email;
		m->inner_from_name = h.from_name;
		m->inner_subject = h.subject;
		h.from_email = h.from_name = h.subject = NULL;
	}
	hdrs_free(&h);
	if (mm->mm_data.mm_message.mm_msg_mime == NULL)
		return PL_OK;
	text_init(&sub);
	st = walk_mime(w, mm->mm_data.mm_message.mm_msg_mime, &sub, 1,
	    depth + 1);
	if (m->inner_body_text == NULL && w->forwarded == 1)
		m->inner_body_text = xstrdup(text_best(&sub));
	text_free(&sub);
	return st;
}

static enum pl_status
walk_mime(struct walk *w, struct mailmime *mm, struct text *tx, int inner,
    int depth)
{
	if (depth > PL_MAX_MIME_DEPTH + 2) {
		w->why = "MIME nesting deeper than PL_MAX_MIME_DEPTH";
		return PL_EINPUT;
	}
	switch (mm->mm_type) {
	case MAILMIME_SINGLE:
		return walk_single(w, mm, tx, inner);
	case MAILMIME_MULTIPLE:
		return walk_multipart(w, mm, tx, inner, depth);
	case MAILMIME_MESSAGE:
		return walk_inner(w, mm, depth);
	default:
		return PL_OK;
	}
}

static void
take_headers(struct pl_msg *m, struct hdrs *h)
{
	m->from_name = h->from_name;
	m->from_email = h->from_email;
	m->subject = h->subject ? h->subject : xstrdup("");
	m->message_id = h->message_id;
	m->in_reply_to = h->in_reply_to;
	m->reply_to = h->reply_to;
	m->date = h->date;
	m->refs = h->refs;
	m->nrefs = h->nrefs;
	m->rcpts = h->rcpts;
	m->nrcpts = h->nrcpts;
	m->auth_results = h->authres;
	m->nauth_results = h->nauthres;
	memset(h, 0, sizeof *h);
}

/* Is the top level a delivery report (multipart/report)? */
static bool
is_report(const struct mailmime *mm)
{
	const struct mailmime_content *ct = mm->mm_content_type;

	return mm->mm_type == MAILMIME_MULTIPLE && ct && ct->ct_subtype &&
	    strcasecmp(ct->ct_subtype, "report") == 0;
}

static enum pl_status
parse_top(struct walk *w, struct mailmime *top)
{
	struct pl_msg *m = w->msg;
	struct mailmime *body = top->mm_data.mm_message.mm_msg_mime;
	const char *why;
	struct hdrs h;
	struct text tx;
	enum pl_status st = PL_OK;

	hdrs_read(&h, top->mm_data.mm_message.mm_fields);
	why = h.auto_reason;
	take_headers(m, &h);
	if (why == NULL && body && is_report(body))
		why = "delivery status report";
	if (why == NULL)
		why = auto_sender(m->from_email);
	if (why)
		m->auto_reason = xstrdup(why);
	text_init(&tx);
	if (body)
		st = walk_mime(w, body, &tx, 0, 1);
	m->body_text = xstrdup(text_best(&tx));
	text_free(&tx);
	return st;
}

enum pl_status
mime_parse(const char *raw, size_t len, struct pl_msg **out,
    const char **why)
{
	struct mailmime *top = NULL;
	struct walk w;
	size_t idx = 0;
	enum pl_status st;

	*out = NULL;
	if ((st = mime_precheck(raw, len, why)) != PL_OK)
		return st;
	if (mailmime_parse(raw, len, &idx, &top) != MAILIMF_NO_ERROR ||
	    top->mm_type != MAILMIME_MESSAGE) {
		if (top)
			mailmime_free(top);
		*why = "not a parsable RFC 5322 message";
		return PL_EINPUT;
	}
	memset(&w, 0, sizeof w);
	w.msg = xcalloc(1, sizeof *w.msg);
	st = parse_top(&w, top);
	mailmime_free(top);
	if (st != PL_OK) {
		*why = w.why ? w.why : "MIME structure refused";
		mime_free(w.msg);
		return st;
	}
	*out = w.msg;
	return PL_OK;
}

void
mime_free(struct pl_msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].filename);
		free(m->parts[i].declared_type);
		free(m->parts[i].content_id);
		free(m->parts[i].data);
		free(m->parts[i].archive);
	}
	free(m->parts);
	for (i = 0; i < m->nrefs; i++)
		free(m->refs[i]);
	free(m->refs);
	for (i = 0; i < m->nrcpts; i++)
		free(m->rcpts[i]);
	free(m->rcpts);
	for (i = 0; i < m->nauth_results; i++)
		free(m->auth_results[i]);
	free(m->auth_results);
	for (i = 0; i < m->nnotes; i++)
		free(m->notes[i]);
	free(m->notes);
	free(m->message_id);
	free(m->in_reply_to);
	free(m->from_name);
	free(m->from_email);
	free(m->reply_to);
	free(m->subject);
	free(m->date);
	free(m->auto_reason);
	free(m->body_text);
	free(m->inner_from_name);
	free(m->inner_from_email);
	free(m->inner_subject);
	free(m->inner_body_text);
	free(m);
}
