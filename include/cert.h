/* cert.h: X.509 certificates (PEM or DER) read with OpenSSL. */
#ifndef PL_CERT_H
#define PL_CERT_H

#include <stddef.h>
#include <time.h>

#define CERT_MAX	16	/* certificates taken from one file */

struct cert_info {
	char	subject[256];	/* one line, RFC 2253 */
	char	cn[128];
	char	email[128];	/* subjectAltName rfc822Name, or "" */
	char	serial[80];	/* hex */
	char	issuer[256];
	time_t	not_before, not_after;
	char	sha256[65];	/* of the DER */
	int	is_ca;
};

/*
 * The certificates in p[0..n): PEM (one or more, a chain or a bundle),
 * one DER certificate, or a PKCS#7 bundle (PEM or DER). At most max go into out; returns how many, 0 when
 * p holds none.
 */
size_t	cert_parse(const void *p, size_t n, struct cert_info *out, size_t max);

/* "21 November 2026 s.d. 21 November 2028" of c into buf. */
void	cert_validity_text(const struct cert_info *c, char *buf, size_t size);

#endif
