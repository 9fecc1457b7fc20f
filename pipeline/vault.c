/* vault: AES-256-GCM sealing of stored personal data (see vault.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "token.h"
#include "vault.h"
#include "xmem.h"

#define MAGIC		"SRTL"
#define VERSION		1
#define INFO		"sertel file v1"
#define HEX		"0123456789abcdef"

#define MASTER_COMMENT \
	"# sertel master key of the stored messages and documents:\n" \
	"# \"KEYID HEX64\", one a line; 0600; keep it out of the database\n" \
	"# and its backups. The first line seals, every line opens: to\n" \
	"# rotate, put a new key on top and keep the old ones. Losing\n" \
	"# every key loses every stored document.\n"

struct vault {
	struct token_key	 keys[TOKEN_MAX_KEYS];
	size_t			 n;
	EVP_KDF			*kdf;		/* HKDF, fetched once */
};

struct vault *
vault_load(const char *path, bool create, bool *created, char *why,
    size_t whysize)
{
	struct vault *v = xcalloc(1, sizeof *v);
	bool made = false;
	int rc;

	if (create)
		rc = token_keys_ensure(path, MASTER_COMMENT, v->keys, &v->n,
		    &made, why, whysize);
	else
		rc = token_keys_load(path, v->keys, &v->n, why, whysize);
	if (created)
		*created = made;
	if (rc == -1) {
		vault_free(v);
		return NULL;
	}
	if ((v->kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL) {
		snprintf(why, whysize, "OpenSSL has no HKDF");
		vault_free(v);
		return NULL;
	}
	return v;
}

void
vault_free(struct vault *v)
{
	if (v == NULL)
		return;
	EVP_KDF_free(v->kdf);
	OPENSSL_cleanse(v->keys, sizeof v->keys);
	free(v);
}

int
vault_new_seed(unsigned char seed[VAULT_SEED_LEN])
{
	return RAND_bytes(seed, VAULT_SEED_LEN) == 1 ? 0 : -1;
}

int
vault_new_id(char id[VAULT_ID_LEN + 1])
{
	unsigned char r[VAULT_ID_LEN / 2];
	size_t i;

	if (RAND_bytes(r, sizeof r) != 1)
		return -1;
	for (i = 0; i < sizeof r; i++) {
		id[2 * i] = HEX[r[i] >> 4];
		id[2 * i + 1] = HEX[r[i] & 15];
	}
	id[VAULT_ID_LEN] = '\0';
	return 0;
}

bool
vault_id_ok(const char *id)
{
	size_t i;

	if (id == NULL)
		return false;
	for (i = 0; i < VAULT_ID_LEN; i++)
		if (id[i] == '\0' || strchr(HEX, id[i]) == NULL)
			return false;
	return id[i] == '\0';
}

bool
vault_is_sealed(const void *p, size_t n)
{
	const unsigned char *c = p;

	return n >= VAULT_OVERHEAD - TOKEN_KEYID_MAX + 1 &&
	    memcmp(c, MAGIC, 4) == 0 && c[4] == VERSION;
}

/* The key of file id under master key k and seed. 0 or -1. */
static int
file_key(const struct vault *v, const struct token_key *k,
    const unsigned char seed[VAULT_SEED_LEN], const char *id,
    unsigned char out[32])
{
	unsigned char info[sizeof INFO + VAULT_ID_LEN];
	size_t il = strlen(id);
	EVP_KDF_CTX *ctx;
	OSSL_PARAM prm[5];
	int rc;

	if (il > VAULT_ID_LEN)
		return -1;
	memcpy(info, INFO, sizeof INFO);	/* with its NUL */
	memcpy(info + sizeof INFO, id, il);
	prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	prm[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)k->key, sizeof k->key);
	prm[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)seed, VAULT_SEED_LEN);
	prm[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
	    sizeof INFO + il);
	prm[4] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_KDF_CTX_new(v->kdf)) == NULL)
		return -1;
	rc = EVP_KDF_derive(ctx, out, 32, prm) == 1 ? 0 : -1;
	EVP_KDF_CTX_free(ctx);
	return rc;
}

/*
 * One AES-256-GCM pass: encrypt (enc) or decrypt in[0..n) into out with
 * aad; the tag is written (enc) or checked. 0, or -1 (for decryption: the
 * tag did not verify, and out must not be used).
 */
static int
gcm(bool enc, const unsigned char key[32], const unsigned char *nonce,
    const unsigned char *aad, size_t aadlen, const unsigned char *in,
    size_t n, unsigned char *out, unsigned char tag[VAULT_TAG_LEN])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int len, ok;
	size_t done = 0, chunk;

	if (c == NULL)
		return -1;
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, VAULT_NONCE_LEN,
	    NULL) && EVP_CipherInit_ex(c, NULL, NULL, key, nonce, enc) &&
	    EVP_CipherUpdate(c, NULL, &len, aad, (int)aadlen);
	/* int lengths: feed large files in pieces. */
	while (ok && done < n) {
		chunk = n - done > (1u << 30) ? (1u << 30) : n - done;
		ok = EVP_CipherUpdate(c, out + done, &len, in + done,
		    (int)chunk);
		done += chunk;
	}
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG,
		    VAULT_TAG_LEN, tag);
	if (ok)
		ok = EVP_CipherFinal_ex(c, out + n, &len);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG,
		    VAULT_TAG_LEN, tag);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

/* The header of a file sealed with key k, into h; its length. */
static size_t
header(const struct token_key *k, unsigned char *h)
{
	size_t il = strlen(k->id);

	memcpy(h, MAGIC, 4);
	h[4] = VERSION;
	h[5] = (unsigned char)il;
	memcpy(h + 6, k->id, il);
	return 6 + il;
}

/* AAD = header (up to and with the nonce) then the file id, into a. */
static size_t
aad_of(const unsigned char *h, size_t hlen, const char *id, unsigned char *a)
{
	size_t il = strlen(id);

	memcpy(a, h, hlen);
	memcpy(a + hlen, id, il);
	return hlen + il;
}

int
vault_seal(const struct vault *v, const unsigned char seed[VAULT_SEED_LEN],
    const char *id, const void *p, size_t n, unsigned char **out,
    size_t *outlen)
{
	unsigned char key[32], aad[VAULT_OVERHEAD + VAULT_ID_LEN], *c;
	size_t hl, al;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (v == NULL || v->n == 0 || strlen(id) > VAULT_ID_LEN ||
	    n > SIZE_MAX - VAULT_OVERHEAD)
		return -1;
	c = xmalloc(n + VAULT_OVERHEAD);
	hl = header(&v->keys[0], c);
	if (RAND_bytes(c + hl, VAULT_NONCE_LEN) != 1)
		goto done;
	hl += VAULT_NONCE_LEN;
	al = aad_of(c, hl, id, aad);
	if (file_key(v, &v->keys[0], seed, id, key) == 0 &&
	    gcm(true, key, c + hl - VAULT_NONCE_LEN, aad, al, p, n, c + hl,
	    c + hl + n) == 0) {
		*out = c;
		*outlen = hl + n + VAULT_TAG_LEN;
		c = NULL;
		rc = 0;
	}
done:
	OPENSSL_cleanse(key, sizeof key);
	free(c);
	return rc;
}

int
vault_open(const struct vault *v, const unsigned char seed[VAULT_SEED_LEN],
    const char *id, const void *cv, size_t n, unsigned char **out,
    size_t *outlen, char *why, size_t whysize)
{
	const unsigned char *c = cv;
	unsigned char key[32], aad[VAULT_OVERHEAD + VAULT_ID_LEN], *p;
	char kid[TOKEN_KEYID_MAX + 1];
	const struct token_key *k = NULL;
	size_t il, hl, al, plen, i;

	*out = NULL;
	*outlen = 0;
	if (!vault_is_sealed(c, n) || (il = c[5]) == 0 ||
	    il > TOKEN_KEYID_MAX || n < 6 + il + VAULT_NONCE_LEN +
	    VAULT_TAG_LEN || strlen(id) > VAULT_ID_LEN) {
		snprintf(why, whysize, "not a sealed file");
		return -1;
	}
	memcpy(kid, c + 6, il);
	kid[il] = '\0';
	for (i = 0; v != NULL && i < v->n && k == NULL; i++)
		if (strcmp(v->keys[i].id, kid) == 0)
			k = &v->keys[i];
	if (k == NULL) {
		snprintf(why, whysize, "sealed with master key '%s', which is "
		    "not in the key file", kid);
		return -1;
	}
	hl = 6 + il + VAULT_NONCE_LEN;
	plen = n - hl - VAULT_TAG_LEN;
	al = aad_of(c, hl, id, aad);
	p = xmalloc(plen + 1);
	if (file_key(v, k, seed, id, key) == -1 ||
	    gcm(false, key, c + hl - VAULT_NONCE_LEN, aad, al, c + hl, plen,
	    p, (unsigned char *)c + hl + plen) == -1) {
		OPENSSL_cleanse(key, sizeof key);
		OPENSSL_cleanse(p, plen + 1);
		free(p);
		snprintf(why, whysize, "the tag does not verify: altered, "
		    "or not this file");
		return -1;
	}
	OPENSSL_cleanse(key, sizeof key);
	p[plen] = '\0';
	*out = p;
	*outlen = plen;
	return 0;
}
