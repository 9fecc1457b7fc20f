/*
 * token.h: reply tokens in an address. The verifier mail's Reply-To is
 * "layanan.tte+<token>@domain"; the token names the request and proves
 * that sertel made it, for whom, and until when.
 *
 * A token is four fields joined by '.':
 *
 *	<keyid>.<code>.<expiry>.<mac>		e.g.
 *	k7q2xa.se-2026-000001.top2v4.wth6keppjssapdovgi5o
 *
 * keyid	1-8 of [a-z0-9]: which key signed it (rotation)
 * code		the request code, lower case, [a-z0-9-], 1-TOKEN_CODE_MAX
 * expiry	seconds since the epoch in base 36 ([0-9a-z], no leading 0)
 * mac		the first 100 bits of HMAC-SHA256(key, "v1" NUL code NUL
 *		recipient NUL expiry-in-decimal), code and recipient in
 *		lower case, as 20 lower-case base32 digits (RFC 4648 alphabet)
 *
 * Every character is one of [a-z0-9.-], so the token is a valid dot-atom
 * after a '+' and survives a mail system that lower-cases (or upper-cases)
 * the local part: token_check() folds the case before it parses. It is at
 * most TOKEN_MAX_LEN characters, so that "layanan.tte+" and the token stay
 * within the 64 bytes RFC 5321 allows a local part.
 */
#ifndef PL_TOKEN_H
#define PL_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TOKEN_MAX_KEYS		8	/* keys in a key file */
#define TOKEN_KEYID_MAX		8	/* key id characters, [a-z0-9] */
#define TOKEN_KEY_LEN		32	/* HMAC-SHA256 key bytes */
#define TOKEN_CODE_MAX		23	/* request code (pl_request.code) */
#define TOKEN_EXPIRY_MAX	7	/* base-36 digits of the expiry */
#define TOKEN_MAC_LEN		20	/* base32 digits: 100 bits of MAC */
#define TOKEN_MAX_LEN		52	/* whole token: 64 - "layanan.tte+" */
#define TOKEN_MAX_LOCAL		64	/* RFC 5321 4.5.3.1.1 local part */
#define TOKEN_MAX_RECIPIENT	254	/* RFC 5321 path, less the brackets */
/* The comment atop a new reply-token key file. */
#define TOKEN_KEYS_COMMENT \
	"# sertel reply-token keys: \"KEYID HEX64\", one a line; 0600.\n" \
	"# The first line signs, every line verifies. To rotate, put a\n" \
	"# new key on top; drop the old one once its tokens expired.\n"
#define TOKEN_KEYFILE_MAX	(16u << 10)	/* bytes of a key file */
#define TOKEN_MAX_ADDR		998	/* token_from_address() input */

struct token_key {
	char		 id[TOKEN_KEYID_MAX + 1];	/* [a-z0-9] */
	unsigned char	 key[TOKEN_KEY_LEN];
};

enum token_verdict {
	TOKEN_OK = 0,
	TOKEN_MALFORMED,	/* not a token: syntax, length, characters */
	TOKEN_UNKNOWN_KEY,	/* key id not (or no longer) loaded */
	TOKEN_BAD_MAC,		/* forged, altered, or another recipient */
	TOKEN_EXPIRED,		/* genuine but past its expiry */
};

/*
 * Read the key file at path into keys[0..TOKEN_MAX_KEYS), setting *n.
 * One key a line, "KEYID HEX64" (id 1-8 of [a-z0-9], a run of blanks, 64
 * hex digits); blank lines and lines starting with '#' are ignored; the
 * first key signs, the others only verify. Returns 0, or -1 with a
 * message in why (NUL-terminated, cut to whysize) when the file cannot be
 * read, is not a regular file, may be read or written by group or others
 * (mode & 077), holds no key or more than TOKEN_MAX_KEYS, or has a bad
 * line ("line 3: ..."; the key itself is never quoted). keys is wiped on
 * failure.
 */
int	token_keys_load(const char *path, struct token_key *keys, size_t *n,
	    char *why, size_t whysize);

/*
 * Create path (O_EXCL, mode 0600) holding one new key with a random
 * 6-character id, both from RAND_bytes, under comment ("# ..." lines
 * ending in a newline: what the keys are for, how to rotate). Returns 0,
 * or -1 with errno (EEXIST when path exists; EIO when the random generator
 * fails); a partly written file is removed. The same file format serves
 * the reply tokens and the master key of the stored files (vault.c).
 */
int	token_keys_generate(const char *path, const char *comment);

/* Load path, first creating it (and its directory) when it is missing;
 * *created says whether it was. Returns 0, or -1 with why. */
int	token_keys_ensure(const char *path, const char *comment,
	    struct token_key *keys, size_t *n, bool *created, char *why,
	    size_t whysize);

/*
 * The token for request_code (1-TOKEN_CODE_MAX of [A-Za-z0-9-]) mailed to
 * recipient (an addr-spec, compared in lower case), valid until expires
 * (1 to 36^7-1). The result is the caller's. NULL when an argument is out
 * of range or the token would be longer than TOKEN_MAX_LEN (a code of up
 * to 14 characters always fits).
 */
char	*token_make(const struct token_key *k, const char *request_code,
	    const char *recipient, time_t expires);

/*
 * base_address with "+token" added to its local part:
 * "layanan.tte@pekalongankota.go.id" -> "layanan.tte+<token>@pekalo...".
 * The result is the caller's. NULL when base_address is not local@domain,
 * its local part already holds a '+', the token has characters outside
 * [A-Za-z0-9.-] or is longer than TOKEN_MAX_LEN, or the local part would
 * exceed TOKEN_MAX_LOCAL bytes.
 */
char	*token_address(const char *base_address, const char *token);

/*
 * The token of an address as a reply carries it in To, Cc or
 * Delivered-To: "layanan.tte+TOKEN@domain", "<...>" or "Name <...>". The
 * token is what follows the first '+' of the local part, lower-cased into
 * token (size bytes). Returns 0, or -1 when there is no '+', the token is
 * empty, longer than TOKEN_MAX_LEN or size - 1, or has a character
 * outside [A-Za-z0-9.-] (a quoted local part never carries a token). Says
 * nothing about the token's validity: that is token_check()'s.
 */
int	token_from_address(const char *addr, char *token, size_t size);

/*
 * Check token against keys[0..n) for a reply sent by recipient (its From
 * addr-spec; compared in lower case) at now. The token's case does not
 * matter. In order: TOKEN_MALFORMED (syntax; NULL or empty token),
 * TOKEN_UNKNOWN_KEY (no loaded key has its id), TOKEN_BAD_MAC (the MAC,
 * compared in constant time, is not the key's for this code, recipient
 * and expiry: forged, altered, or forwarded to and used by someone
 * else), TOKEN_EXPIRED (genuine, now > expiry). A wrong recipient cannot
 * be told from a forgery: both are TOKEN_BAD_MAC. On TOKEN_OK the
 * request code is copied into code in upper case ("SE-2026-000001", as
 * the store writes codes); code is set to "" otherwise. A code that does
 * not fit codesize gives TOKEN_MALFORMED: pass TOKEN_CODE_MAX + 1 bytes.
 * Replay is not detected here: a token stays valid until it expires.
 */
enum token_verdict token_check(const struct token_key *keys, size_t n,
	    const char *token, const char *recipient, time_t now, char *code,
	    size_t codesize);

/* "ok", "malformed", "unknown_key", "bad_mac", "expired"; "?" otherwise. */
const char *token_verdict_name(enum token_verdict v);

#endif
