/* review.h: the letter to BSSN, the verifier's review, approval. */
#ifndef PL_REVIEW_H
#define PL_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "letter.h"
#include "pipeline.h"
#include "store.h"

/* Why an action failed, for the operator: a sentence. */
#define REVIEW_WHY	256

/*
 * Render the letter for requests ids[0..n) (one applicant row each): a
 * draft when number is NULL, else final with the QR holding qr. The
 * layout is templates/letter/<variant>.xml. *pdf is the caller's.
 */
enum pl_status	 review_letter(const struct conf *cf, struct store *st,
		    const int64_t *ids, size_t n, const char *variant,
		    const char *number, const char *qr, time_t date,
		    char **pdf, size_t *len, int *pages, char *why);

/* The same for given rows, without the store (previews, benchmarks). */
enum pl_status	 review_render(const struct conf *cf,
		    const struct letter_person *people, size_t n,
		    const char *variant, const char *number, const char *qr,
		    time_t date, char **pdf, size_t *len, int *pages,
		    char *why);

/*
 * The request id became complete and consistent (status in_review is set
 * by the caller in the same transaction): draft its letter, register it,
 * and queue the verifier's mail with the draft and the review summary,
 * threaded to the message in_reply_to (the applicant's, may be NULL).
 */
enum pl_status	 review_start(const struct conf *cf, struct store *st,
		    int64_t id, const char *in_reply_to, time_t now,
		    char *why);

/*
 * Approve: number the letter (the next serial of the year, in this
 * transaction), render it final with the QR reference, sign it with the
 * office's key, write it, move the request to approved and tell the
 * applicant the next steps. The caller holds the transaction; on failure
 * it rolls back and the serial is not used.
 */
enum pl_status	 review_approve(const struct conf *cf, struct store *st,
		    int64_t id, const char *actor, time_t now, char *number,
		    size_t nsize, char *path, size_t psize, char *why);

/* Reject with reason: the request becomes rejected, the applicant told. */
enum pl_status	 review_reject(const struct conf *cf, struct store *st,
		    int64_t id, const char *actor, const char *reason,
		    time_t now, char *why);

struct cert_info;
/*
 * The certificate of approved request id was issued (the verifier said
 * so, or BSrE's notice came): status issued, the certificate kept when
 * one came along (NULL otherwise), the applicant congratulated.
 */
enum pl_status	 review_issued(const struct conf *cf, struct store *st,
		    int64_t id, const char *actor, const struct cert_info *cert,
		    time_t now, char *why);

/*
 * One final letter for the approved requests ids[0..n) (a batch): numbered,
 * signed, registered as "<variant>-batch"; statuses do not change.
 */
enum pl_status	 review_batch(const struct conf *cf, struct store *st,
		    const int64_t *ids, size_t n, const char *actor,
		    time_t now, char *number, size_t nsize, char *path,
		    size_t psize, char *why);

/*
 * The verifier's reply address for request code: our address with a
 * token (token.c) valid [verifier] token_days from now. The key file is
 * made on first use. NULL with why when it cannot be.
 */
char		*review_address(const struct conf *cf, const char *code,
		    time_t now, char *why);

/*
 * The disposition sheet of request id (templates/letter/disposisi.xml):
 * the SOP's routing with the dates of its events. *pdf is the caller's.
 */
enum pl_status	 review_disposition(const struct conf *cf, struct store *st,
		    int64_t id, time_t now, char **pdf, size_t *len,
		    char *why);

/* The layout name of a request type: "permohonan" or "perpanjangan". */
const char	*review_variant(const char *type);

/*
 * The QR text of a final letter: "SERTEL-TTE", the number and the
 * SHA-256 of its record, one per line. Parse it back into number[] and
 * sha[65]; -1 when it is not ours.
 */
char		*review_qr_text(const char *number, const char *sha);
int		 review_qr_parse(const char *text, char *number, size_t size,
		    char sha[65]);

#endif
