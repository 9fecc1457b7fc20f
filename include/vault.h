/*
 * vault.h: personal data at rest, sealed with AES-256-GCM.
 *
 * Every raw message, attachment and outgoing mail is sealed on its own:
 *
 *	file key = HKDF-SHA256(master key, salt = seed, info = "sertel file
 *		   v1" NUL file id)
 *	sealed	 = "SRTL" 0x01 keyid-length keyid nonce[12] ciphertext tag[16]
 *	AAD	 = the header (magic to nonce) followed by the file id
 *
 * The master keys live in a file outside the database (the reply-token key
 * file format: "KEYID HEX64" lines, 0600; the first seals, every one
 * opens). The 32-byte seed of each file is random and kept in the store
 * (table seals): deleting the seed shreds the file even where a copy of it
 * survives (crypto-shredding). The file id (64 hex digits, random) names
 * the file and is bound by the tag, so a sealed file moved under another
 * name does not open.
 */
#ifndef PL_VAULT_H
#define PL_VAULT_H

#include <stdbool.h>
#include <stddef.h>

#define VAULT_SEED_LEN	32
#define VAULT_ID_LEN	64		/* hex digits of a file id */
#define VAULT_NONCE_LEN	12
#define VAULT_TAG_LEN	16
/* Bytes a sealed file has beyond its plaintext, at most. */
#define VAULT_OVERHEAD	(4 + 1 + 1 + 8 + VAULT_NONCE_LEN + VAULT_TAG_LEN)

struct vault;

/*
 * Load the master keys from path. With create, a missing file is made
 * (mode 0600, one random key) and *created set. Returns the vault, or
 * NULL with a reason in why (never quoting a key).
 */
struct vault	*vault_load(const char *path, bool create, bool *created,
		    char *why, size_t whysize);
void		 vault_free(struct vault *v);		/* NULL-safe; wipes */

/* A new random file id (VAULT_ID_LEN hex digits) and seed. 0 or -1. */
int		 vault_new_id(char id[VAULT_ID_LEN + 1]);
int		 vault_new_seed(unsigned char seed[VAULT_SEED_LEN]);
/* True when id is VAULT_ID_LEN lower-case hex digits (safe as a name). */
bool		 vault_id_ok(const char *id);

/* Seal p[0..n) as file id: *out (malloc'd, *outlen bytes). 0 or -1. */
int		 vault_seal(const struct vault *v,
		    const unsigned char seed[VAULT_SEED_LEN], const char *id,
		    const void *p, size_t n, unsigned char **out,
		    size_t *outlen);
/*
 * Open sealed c[0..n) of file id. The plaintext is given only when the
 * tag verifies; else -1 with why ("altered, or not this file", "sealed
 * with key 'x', which is not in the key file", ...).
 */
int		 vault_open(const struct vault *v,
		    const unsigned char seed[VAULT_SEED_LEN], const char *id,
		    const void *c, size_t n, unsigned char **out,
		    size_t *outlen, char *why, size_t whysize);
/* True when p starts like a sealed file. */
bool		 vault_is_sealed(const void *p, size_t n);

#endif
