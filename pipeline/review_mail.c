/*
 * review_mail (decide stage): mail for the review itself. The verifier
 * answers the draft mail through its Reply-To, a per-request address
 * carrying a token (token.c); BSrE's issuance notice arrives from a
 * configured sender. A reply counts only when its token is genuine, for
 * this verifier and unexpired, the sender is the configured verifier, and
 * the MTA's Authentication-Results (when it stamps them) say the sender
 * was authenticated. A forged or replayed answer changes nothing and is
 * logged; anything that is not a command gets a short help.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cert.h"
#include "log.h"
#include "outbox.h"
#include "reply.h"
#include "review.h"
#include "review_mail.h"
#include "template.h"
#include "token.h"
#include "util.h"
#include "verifier.h"
#include "xmem.h"

/* The token of a recipient address at our own address, if any. */
static bool
our_token(const struct conf *cf, const struct pl_msg *m, char *tok,
    size_t size)
{
	const char *at = strchr(cf->office_email, '@');
	size_t local, i;
	const char *r;

	if (at == NULL)
		return false;
	local = (size_t)(at - cf->office_email);
	for (i = 0; i < m->nrcpts; i++) {
		r = m->rcpts[i];
		if (strncasecmp(r, cf->office_email, local) == 0 &&
		    r[local] == '+' && strchr(r, '@') &&
		    strcasecmp(strchr(r, '@'), at) == 0 &&
		    token_from_address(r, tok, size) == 0)
			return true;
	}
	return false;
}

/* The verifier's help, answered to their own reply. */
static enum pl_status
send_help(const struct conf *cf, struct store *st, const struct pl_msg *m,
    int64_t rid, const char *code, time_t now)
{
	struct tpl_ctx *c = tpl_ctx_new();
	struct reply rp;
	char *reply_to, rwhy[REVIEW_WHY];
	const char *why;
	enum pl_status rv;

	tpl_set(c, "code", code);
	tpl_set(c, "verifier", cf->verifier_name);
	memset(&rp, 0, sizeof rp);
	rp.to = cf->verifier_email;
	rp.in_reply_to = m->message_id;
	/* The answer to the help must reach us as an answer too. */
	if ((reply_to = review_address(cf, code, now, rwhy)) == NULL)
		rv = PL_ECONF;
	else {
		rp.reply_to = reply_to;
		rv = outbox_queue(st, cf, "verifier_help", c, code, &rp, rid,
		    now, &why);
	}
	free(reply_to);
	tpl_ctx_free(c);
	return rv == PL_EINPUT ? PL_OK : rv;
}

/*
 * Why the answer is refused (into why), or PL_OK with why empty when it
 * may act. Keys that cannot be read are the operator's to fix: PL_ECONF,
 * and the answer is not recorded, so it is taken again once they are.
 */
static enum pl_status
refused(const struct conf *cf, const struct pl_msg *m, const char *tok,
    time_t now, char *code, size_t size, char *why, size_t whysize)
{
	struct token_key keys[TOKEN_MAX_KEYS];
	enum token_verdict v;
	char kwhy[200];
	size_t n = 0;
	const char *const *ar = (const char *const *)m->auth_results;

	why[0] = '\0';
	if (m->from_email == NULL ||
	    strcasecmp(m->from_email, cf->verifier_email) != 0) {
		snprintf(why, whysize, "the sender is not the verifier");
		return PL_OK;
	}
	if (token_keys_load(cf->token_keys, keys, &n, kwhy, sizeof kwhy) ==
	    -1) {
		log_warnx("stage=review result=error why=\"reply-token keys: "
		    "%s\"", kwhy);
		return PL_ECONF;
	}
	v = token_check(keys, n, tok, m->from_email, now, code, size);
	explicit_bzero(keys, sizeof keys);
	if (v != TOKEN_OK)
		snprintf(why, whysize, "reply token %s", token_verdict_name(v));
	else if (!verifier_auth_ok(ar, m->nauth_results, cf->authserv_id))
		snprintf(why, whysize, "the sender was not authenticated "
		    "(DKIM/DMARC)");
	return PL_OK;
}

/* The first end-entity certificate attached to m, if any. */
static bool
attached_cert(const struct pl_msg *m, struct cert_info *c)
{
	struct cert_info all[CERT_MAX];
	size_t i, k, n;

	for (i = 0; i < m->nparts; i++) {
		n = cert_parse(m->parts[i].data, m->parts[i].len, all,
		    CERT_MAX);
		for (k = 0; k < n; k++)
			if (!all[k].is_ca) {
				*c = all[k];
				return true;
			}
	}
	return false;
}

/* Carry out cmd on request rid; *note says what happened. */
static enum pl_status
act(const struct conf *cf, struct store *st, const struct pl_msg *m,
    int64_t rid, enum vcmd cmd, const char *reason, const char *actor,
    time_t now, char *note, size_t size)
{
	struct cert_info cert;
	bool has_cert;

	char why[REVIEW_WHY], number[128], path[1024];
	enum pl_status rv;

	why[0] = '\0';
	switch (cmd) {
	case VCMD_APPROVE:
		rv = review_approve(cf, st, rid, actor, now, number,
		    sizeof number, path, sizeof path, why);
		if (rv == PL_OK)
			snprintf(note, size, "verifier: approved, letter %s",
			    number);
		break;
	case VCMD_REJECT:
		rv = review_reject(cf, st, rid, actor, reason, now, why);
		if (rv == PL_OK)
			snprintf(note, size, "verifier: rejected");
		break;
	case VCMD_ISSUED:
		has_cert = attached_cert(m, &cert);
		rv = review_issued(cf, st, rid, actor, has_cert ? &cert : NULL,
		    now, why);
		if (rv == PL_OK)
			snprintf(note, size, "verifier: issued");
		break;
	default:
		return PL_EINPUT;
	}
	/* A command the status no longer allows (a replay, a late answer)
	 * changes nothing: recorded, not retried. */
	if (rv == PL_EINPUT) {
		snprintf(note, size, "verifier %s refused: %s",
		    verifier_command_name(cmd), why);
		return PL_OK;
	}
	if (rv != PL_OK)
		snprintf(note, size, "verifier %s failed: %s",
		    verifier_command_name(cmd), why);
	return rv;
}

enum pl_status
review_mail(const struct conf *cf, struct store *st, const struct pl_msg *m,
    time_t now, struct review_mail_result *out)
{
	char tok[TOKEN_MAX_LEN + 1], code[TOKEN_CODE_MAX + 1], e[LOG_ESC_SIZE];
	char reason[1024], *actor, why[128];
	enum vcmd cmd;
	enum pl_status rv;

	memset(out, 0, sizeof *out);
	if (!our_token(cf, m, tok, sizeof tok))
		return review_notice(cf, st, m, now, out);
	out->ours = true;
	/* An out-of-office answer to the review address: never answered. */
	if (m->auto_reason) {
		snprintf(out->note, sizeof out->note, "automatic mail to the "
		    "review address: %s", m->auto_reason);
		out->disposition = "ignored";
		return PL_OK;
	}
	if ((rv = refused(cf, m, tok, now, code, sizeof code, why,
	    sizeof why)) != PL_OK)
		return rv;
	if (why[0] != '\0') {
		log_warnx("stage=review result=refused from=%s why=\"%s\"",
		    log_esc(e, sizeof e, m->from_email), why);
		snprintf(out->note, sizeof out->note, "%s", why);
		out->disposition = "ignored";
		return PL_OK;
	}
	if (!store_req_by_code(st, code, &out->request_id)) {
		snprintf(out->note, sizeof out->note, "no request %s", code);
		out->disposition = "ignored";
		return PL_OK;
	}
	out->disposition = "followup";
	cmd = verifier_command(m->body_text, reason, sizeof reason);
	log_info("stage=review request=%s command=%s", code,
	    verifier_command_name(cmd));
	if (cmd == VCMD_NONE) {
		snprintf(out->note, sizeof out->note, "verifier: no command, "
		    "help sent");
		return send_help(cf, st, m, out->request_id, code, now);
	}
	actor = xasprintf("verifier:%s", m->from_email);
	rv = act(cf, st, m, out->request_id, cmd, reason, actor, now,
	    out->note, sizeof out->note);
	free(actor);
	return rv;
}

/* Does text hold addr as a whole address (not inside a longer one)? */
static bool
has_address(const char *text, const char *addr)
{
	size_t n = strlen(addr);
	const char *p = text;

	if (n == 0)
		return false;
	while ((p = str_casestr(p, addr)) != NULL) {
		bool before = p == text || !(isalnum((unsigned char)p[-1]) ||
		    strchr("._%+-", p[-1]));
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '-' ||
		    (p[n] == '.' && isalnum((unsigned char)p[n + 1])));

		if (before && after)
			return true;
		p++;
	}
	return false;
}

/*
 * Which approved request a notice is about: the one whose official
 * address is the attached certificate's e-mail; failing that, the only
 * one whose address the body names in full.
 */
static bool
notice_request(struct store *st, const struct pl_msg *m,
    const struct cert_info *cert, bool has_cert, int64_t *rid)
{
	struct pl_request r;
	int64_t *ids = NULL, body_id = 0;
	size_t n = 0, i, body_hits = 0;
	const char *mail;
	bool found = false;

	if (store_req_list(st, "approved", &ids, &n) != PL_OK)
		return false;
	for (i = 0; i < n && !found; i++) {
		if (store_req_load(st, ids[i], &r) != PL_OK)
			continue;
		mail = r.fields[PL_F_EMAIL_DINAS].value ?
		    r.fields[PL_F_EMAIL_DINAS].value : r.applicant_email;
		if (has_cert && cert->email[0] && strcasecmp(cert->email,
		    mail) == 0) {
			*rid = ids[i];
			found = true;
		} else if (m->body_text && has_address(m->body_text, mail)) {
			body_id = ids[i];
			body_hits++;
		}
		pl_request_clear(&r);
	}
	free(ids);
	if (!found && body_hits == 1) {
		*rid = body_id;
		found = true;
	}
	return found;
}

enum pl_status
review_notice(const struct conf *cf, struct store *st, const struct pl_msg *m,
    time_t now, struct review_mail_result *out)
{
	struct cert_info cert;
	char why[REVIEW_WHY];
	bool has_cert;
	enum pl_status rv;

	if (*cf->bsre_sender == '\0' || m->from_email == NULL ||
	    strcasecmp(m->from_email, cf->bsre_sender) != 0 ||
	    m->subject == NULL || str_casestr(m->subject, cf->bsre_subject) ==
	    NULL)
		return PL_OK;
	out->ours = true;
	has_cert = attached_cert(m, &cert);
	if (!verifier_auth_ok((const char *const *)m->auth_results,
	    m->nauth_results, cf->authserv_id)) {
		out->disposition = "ignored";
		snprintf(out->note, sizeof out->note, "BSrE notice not "
		    "authenticated (DKIM/DMARC)");
		log_warnx("stage=review result=refused why=\"%s\"", out->note);
		return PL_OK;
	}
	if (!notice_request(st, m, &cert, has_cert, &out->request_id)) {
		out->disposition = "ignored";
		snprintf(out->note, sizeof out->note, "BSrE notice for no "
		    "approved request");
		return PL_OK;
	}
	out->disposition = "followup";
	rv = review_issued(cf, st, out->request_id, "bsre", has_cert ? &cert :
	    NULL, now, why);
	if (rv == PL_EINPUT) {
		snprintf(out->note, sizeof out->note, "BSrE notice: %.200s", why);
		return PL_OK;
	}
	snprintf(out->note, sizeof out->note, "BSrE notice: issued");
	return rv;
}
