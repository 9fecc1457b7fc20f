/* sign.h: PDF signatures (incremental update, CMS detached SHA-256). */
#ifndef PL_SIGN_H
#define PL_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "pipeline.h"

struct sign_key;	/* certificate, private key, chain */

/*
 * Load a PEM certificate and a PEM key (key_path may equal cert_path or be
 * NULL: the key is then read from cert_path), or a PKCS#12 file (cert_path
 * ends in .p12 or .pfx, key_path NULL) with password pass (may be NULL).
 * Further certificates in the PEM certificate file, or the CA list of the
 * PKCS#12 file, become the chain sent along with each signature. Never
 * prompts for a password. On PL_OK *out is the caller's: release it with
 * sign_key_free(). PL_ECONF with *why (a static string) when a file cannot
 * be read or parsed, the password is wrong, or the key does not match the
 * certificate.
 */
enum pl_status	 sign_key_load(const char *cert_path, const char *key_path,
		    const char *pass, struct sign_key **out, const char **why);
void		 sign_key_free(struct sign_key *k);	/* NULL-safe */
/* Subject CN (or the whole subject on one line) of the signing
 * certificate, UTF-8; valid until sign_key_free(k). */
const char	*sign_key_subject(const struct sign_key *k);

/*
 * Sign pdf[0..len), a PDF with a classic xref table and trailer as libharu
 * writes it (or as sign_pdf() wrote it: signing twice adds a second
 * signature). Appends an incremental update: the catalog with an
 * /AcroForm (SigFlags 3), page 1 with an invisible signature widget added
 * to its /Annots, a /Sig dictionary (adbe.pkcs7.detached; /M from when;
 * /Reason and /Location when not NULL, UTF-8; /Name from the certificate),
 * a new xref section and a trailer with /Prev. The CMS (SHA-256, detached,
 * with the chain) covers the whole file except the /Contents hex string.
 * pdf is not modified and may be freed after return. On PL_OK *out
 * (malloc'd, the caller's) and *outlen hold the signed file. PL_EINPUT
 * with *why (static) when the PDF cannot be understood or the signature
 * does not fit its placeholder; PL_ECONF when the key cannot sign.
 */
enum pl_status	 sign_pdf(const struct sign_key *k, const char *pdf,
		    size_t len, time_t when, const char *reason,
		    const char *location, char **out, size_t *outlen,
		    const char **why);

struct sign_check {
	bool	 has_sig;	/* a /Sig with ByteRange and Contents found */
	bool	 whole;		/* ByteRange covers the whole file but the
				   Contents hex string */
	bool	 digest_ok;	/* the message digest in the CMS matches the
				   ranges */
	bool	 sig_ok;	/* the CMS signature verifies with its
				   certificate */
	bool	 trusted;	/* the certificate chains to ca_file (false
				   when ca_file NULL) */
	char	 signer[256];	/* subject one-line */
	char	 signed_at[32];	/* signingTime or /M, "YYYY-MM-DD HH:MM:SS
				   UTC"; may be empty */
	char	 why[256];	/* first problem found, empty when all ok */
};

/*
 * Check the last signature of pdf[0..len) (the /Sig dictionary that comes
 * last in the file). Hostile input: parsing is bounded and never reads
 * outside pdf[0..len). ca_file (PEM, may be NULL) holds the trusted roots.
 * PL_OK when a signature was found (c->has_sig; the other flags and c->why
 * say how good it is); PL_EINPUT when there is no signature at all.
 */
enum pl_status	 sign_check(const char *pdf, size_t len, const char *ca_file,
		    struct sign_check *c);

#endif
