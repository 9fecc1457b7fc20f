/* tls.h: verify the server of a libetpan TLS stream with OpenSSL. */
#ifndef PL_TLS_H
#define PL_TLS_H

#include <stddef.h>

#include <libetpan/libetpan.h>

/* How a connection is secured ([imap] / [smtp] security =). */
enum tls_mode {
	TLS_IMPLICIT,		/* TLS from the first byte (993, 465) */
	TLS_STARTTLS,		/* plain, then STARTTLS before any login */
	TLS_NONE		/* plaintext: only when configured, loopback */
};

/* Parse "tls", "starttls" or "none"; -1 for anything else. */
int	tls_mode_parse(const char *s, enum tls_mode *m);

/*
 * libetpan's TLS (GnuTLS in Debian) checks nothing. Connect with the
 * *_with_callback variants and tls_sni_callback (host as data) so SNI is
 * sent; after the handshake and before any credentials, tls_verify()
 * checks the peer's chain against ca_file (NULL: the system's CAs) and
 * that the leaf certificate is for host (a name, or an IP address).
 * 0 when it holds; -1 with why.
 */
void	tls_sni_callback(struct mailstream_ssl_context *ctx, void *host);
int	tls_verify(mailstream *s, const char *host, const char *ca_file,
	    char *why, size_t whysize);

/* Is host a loopback name or address (plaintext is allowed only there)? */
int	tls_is_loopback(const char *host);

#endif
