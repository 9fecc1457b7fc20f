/* workflow.h: the decide stage: requirements, checks, the status machine. */
#ifndef PL_WORKFLOW_H
#define PL_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "identity.h"
#include "pipeline.h"

#define WF_MAX_CHECKS	24

/* What the evaluation of a request concludes. */
struct wf_eval {
	const char	*status;	/* static; received, incomplete, invalid */
	char		**missing;	/* owned; doc type names */
	size_t		 nmissing;
	struct pl_check	 checks[WF_MAX_CHECKS];	/* name, detail owned */
	size_t		 nchecks;
	char		**mismatch;	/* owned; data that disagrees */
	size_t		 nmismatch;
};

/*
 * Evaluate r as loaded from the store: which required documents are
 * missing or unusable, the identity-form checks, the official e-mail
 * domain (domains[0..ndomains)): status "incomplete", "invalid" (an
 * address off the official domains) or "received". Pure.
 */
void		 workflow_evaluate(const struct pl_request *r,
		    char *const *domains, size_t ndomains, struct wf_eval *ev);
void		 workflow_eval_free(struct wf_eval *ev);

/*
 * Add the identity rules' verdicts to ev: each becomes a check; a
 * mismatch makes the request "invalid" (unless documents are missing:
 * then it stays "incomplete"); an unknown verdict is a check for the
 * verifier to do by eye, never a rejection.
 */
void		 workflow_identity(struct wf_eval *ev,
		    const struct id_check *ids, size_t n);

/* Is moving from status from to status to allowed (DESIGN.md §4)? */
bool		 workflow_allowed(const char *from, const char *to);

/*
 * The reply template for a message that created (is_new) or added to a
 * request whose status went from old to cur: "received", "incomplete",
 * "invalid", "complete" or "update".
 */
const char	*workflow_template(bool is_new, const char *old,
		    const char *cur);

/* Indonesian label of a document type ("Scan KTP berwarna"). */
const char	*workflow_doc_label(enum pl_doctype t);
/* Required documents of a request type, DOC_OTHER-terminated. */
const enum pl_doctype *workflow_required(const char *type);
/* ... of this request (a renewal with changed data needs the form). */
const enum pl_doctype *workflow_required_of(const struct pl_request *r);
/* "renewal" when the subject or the body's start asks to renew a
 * certificate, else "issuance". */
const char	*workflow_request_type(const char *subject, const char *body);
/* Does the body say the holder's data changed? */
bool		 workflow_data_changed(const char *body);

#endif
