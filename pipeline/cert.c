/*
 * cert (extract stage): certificates, as BSrE attaches them to its notice
 * or an office exports them, read with OpenSSL: PEM (several, in any
 * order) or a single DER. Only what the renewal clock needs is kept.
 */
#define _GNU_SOURCE	/* memmem, timegm */
#include <stdbool.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "calendar.h"
#include "cert.h"
#include "util.h"

static time_t
asn1_epoch(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}

static void
name_line(const X509_NAME *n, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int len;

	buf[0] = '\0';
	if (b == NULL)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	len = BIO_read(b, buf, (int)size - 1);
	buf[len > 0 ? len : 0] = '\0';
	BIO_free(b);
}

static void
info_of(X509 *x, struct cert_info *c)
{
	GENERAL_NAMES *sans;
	const GENERAL_NAME *g;
	ASN1_INTEGER *sn = X509_get_serialNumber(x);
	BIGNUM *bn = ASN1_INTEGER_to_BN(sn, NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	unsigned char *der = NULL;
	int len, i;

	memset(c, 0, sizeof *c);
	name_line(X509_get_subject_name(x), c->subject, sizeof c->subject);
	name_line(X509_get_issuer_name(x), c->issuer, sizeof c->issuer);
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName,
	    c->cn, sizeof c->cn);
	snprintf(c->serial, sizeof c->serial, "%s", hex ? hex : "");
	OPENSSL_free(hex);
	BN_free(bn);
	c->not_before = asn1_epoch(X509_get0_notBefore(x));
	c->not_after = asn1_epoch(X509_get0_notAfter(x));
	c->is_ca = X509_check_ca(x) > 0;
	sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
		g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_EMAIL && c->email[0] == '\0')
			snprintf(c->email, sizeof c->email, "%.*s",
			    ASN1_STRING_length(g->d.rfc822Name),
			    (const char *)ASN1_STRING_get0_data(
			    g->d.rfc822Name));
	}
	GENERAL_NAMES_free(sans);
	if (c->email[0] == '\0')
		X509_NAME_get_text_by_NID(X509_get_subject_name(x),
		    NID_pkcs9_emailAddress, c->email, sizeof c->email);
	if ((len = i2d_X509(x, &der)) > 0)
		sha256_hex(der, (size_t)len, c->sha256);
	OPENSSL_free(der);
	str_lower(c->email);
}

/* The certificates of a PKCS#7 bundle (PEM or DER). */
static size_t
pkcs7_certs(const void *p, size_t n, bool pem, struct cert_info *out,
    size_t max)
{
	const unsigned char *d = p;
	STACK_OF(X509) *certs = NULL;
	PKCS7 *p7 = NULL;
	BIO *b;
	size_t k = 0;
	int i, nid;

	if (pem) {
		if ((b = BIO_new_mem_buf(p, (int)n)) == NULL)
			return 0;
		p7 = PEM_read_bio_PKCS7(b, NULL, NULL, NULL);
		BIO_free(b);
	} else
		p7 = d2i_PKCS7(NULL, &d, (long)n);
	if (p7 == NULL)
		return 0;
	nid = OBJ_obj2nid(p7->type);
	if (nid == NID_pkcs7_signed && p7->d.sign)
		certs = p7->d.sign->cert;
	else if (nid == NID_pkcs7_signedAndEnveloped && p7->d.signed_and_enveloped)
		certs = p7->d.signed_and_enveloped->cert;
	for (i = 0; certs && i < sk_X509_num(certs) && k < max && k < CERT_MAX;
	    i++)
		info_of(sk_X509_value(certs, i), &out[k++]);
	PKCS7_free(p7);
	return k;
}

size_t
cert_parse(const void *p, size_t n, struct cert_info *out, size_t max)
{
	const unsigned char *d = p;
	BIO *b;
	X509 *x;
	size_t k = 0;

	if (n == 0 || n > (1u << 24))
		return 0;
	if (memmem(p, n, "-----BEGIN PKCS7-----", 21) != NULL)
		k = pkcs7_certs(p, n, true, out, max);
	else if (memmem(p, n, "-----BEGIN CERTIFICATE-----", 27) != NULL) {
		if ((b = BIO_new_mem_buf(p, (int)n)) == NULL)
			return 0;
		while (k < max && k < CERT_MAX &&
		    (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
			info_of(x, &out[k++]);
			X509_free(x);
		}
		BIO_free(b);
	} else if ((x = d2i_X509(NULL, &d, (long)n)) != NULL) {
		if (max > 0)
			info_of(x, &out[k++]);
		X509_free(x);
	} else
		k = pkcs7_certs(p, n, false, out, max);
	ERR_clear_error();
	return k;
}

void
cert_validity_text(const struct cert_info *c, char *buf, size_t size)
{
	char a[48], b[48];

	calendar_format_date(c->not_before, a, sizeof a);
	calendar_format_date(c->not_after, b, sizeof b);
	snprintf(buf, size, "%s s.d. %s", a, b);
}
