/*
 * tls: the certificate check libetpan does not do. Debian builds libetpan
 * on GnuTLS without verification: an untrusted certificate connects fine
 * and no SNI is sent. Here the chain the server sent (DER, leaf first) is
 * verified with OpenSSL against the configured CA file or the system's
 * store, for the host name (or IP address) we connected to.
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "tls.h"

int
tls_mode_parse(const char *s, enum tls_mode *m)
{
	if (strcmp(s, "tls") == 0)
		*m = TLS_IMPLICIT;
	else if (strcmp(s, "starttls") == 0)
		*m = TLS_STARTTLS;
	else if (strcmp(s, "none") == 0)
		*m = TLS_NONE;
	else
		return -1;
	return 0;
}

void
tls_sni_callback(struct mailstream_ssl_context *ctx, void *host)
{
	mailstream_ssl_set_server_name(ctx, host);
}

int
tls_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

static X509 *
der_cert(MMAPString *s)
{
	const unsigned char *p = (const unsigned char *)s->str;

	return d2i_X509(NULL, &p, (long)s->len);
}

int
tls_verify(mailstream *s, const char *host, const char *ca_file, char *why,
    size_t whysize)
{
	carray *chain = mailstream_get_certificate_chain(s);
	STACK_OF(X509) *rest = NULL;
	X509_STORE *store = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_VERIFY_PARAM *vp;
	X509 *leaf = NULL, *c;
	unsigned i;
	int rv = -1, err;
	struct in6_addr ip;

	if (chain == NULL || carray_count(chain) == 0) {
		snprintf(why, whysize, "no TLS certificate from %s", host);
		goto out;
	}
	if ((leaf = der_cert(carray_get(chain, 0))) == NULL) {
		snprintf(why, whysize, "unreadable certificate from %s", host);
		goto out;
	}
	rest = sk_X509_new_null();
	for (i = 1; i < carray_count(chain); i++)
		if ((c = der_cert(carray_get(chain, i))) != NULL &&
		    !sk_X509_push(rest, c))
			X509_free(c);
	store = X509_STORE_new();
	if (store == NULL || (ca_file && *ca_file ?
	    X509_STORE_load_file(store, ca_file) :
	    X509_STORE_set_default_paths(store)) != 1) {
		snprintf(why, whysize, "cannot load the CA certificates %s",
		    ca_file && *ca_file ? ca_file : "(system)");
		goto out;
	}
	ctx = X509_STORE_CTX_new();
	if (ctx == NULL || X509_STORE_CTX_init(ctx, store, leaf, rest) != 1)
		goto out;
	vp = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_purpose(vp, X509_PURPOSE_SSL_SERVER);
	if (inet_pton(AF_INET, host, &ip) == 1 ||
	    inet_pton(AF_INET6, host, &ip) == 1)
		X509_VERIFY_PARAM_set1_ip_asc(vp, host);
	else
		X509_VERIFY_PARAM_set1_host(vp, host, 0);
	if (X509_verify_cert(ctx) == 1)
		rv = 0;
	else {
		err = X509_STORE_CTX_get_error(ctx);
		snprintf(why, whysize, "certificate of %s refused: %s", host,
		    X509_verify_cert_error_string(err));
	}
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_pop_free(rest, X509_free);
	X509_free(leaf);
	if (chain)
		mailstream_certificate_chain_free(chain);
	ERR_clear_error();
	return rv;
}
