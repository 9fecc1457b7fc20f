/* token (verifier replies): HMAC tokens carried in a per-request Reply-To. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "token.h"
#include "util.h"
#include "xmem.h"

#define B32		"abcdefghijklmnopqrstuvwxyz234567"	/* RFC 4648 */
#define B36		"0123456789abcdefghijklmnopqrstuvwxyz"
#define CODE_CHARS	B36 "-"
#define ADDR_CHARS	B36 "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-"
#define EXPIRY_LIMIT	78364164095LL		/* 36^7 - 1: year 4453 */
#define GEN_ID_LEN	6		/* ids of token_keys_generate() */
/* "v1" NUL code NUL recipient NUL expiry: what the MAC covers. */
#define MSG_MAX		(3 + TOKEN_CODE_MAX + 1 + TOKEN_MAX_RECIPIENT + 1 + 24)

/* A token split into its fields, lower case. */
struct parsed {
	char		 keyid[TOKEN_KEYID_MAX + 1];
	char		 code[TOKEN_CODE_MAX + 1];
	long long	 expiry;
	char		 mac[TOKEN_MAC_LEN + 1];
};

/* ASCII only: the locale must not change what a token is. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* s is 1..max characters, all in set (case as given). */
static bool
all_of(const char *s, size_t max, const char *set)
{
	size_t len;

	if (s == NULL)
		return false;
	len = strnlen(s, max + 1);
	return len >= 1 && len <= max && strspn(s, set) == len;
}

static bool
valid_id(const char *id)
{
	return all_of(id, TOKEN_KEYID_MAX, B36);
}

static bool
valid_code(const char *code)
{
	return all_of(code, TOKEN_CODE_MAX, CODE_CHARS
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}

/* An addr-spec as far as the MAC cares: printable, no blanks, bounded. */
static bool
valid_recipient(const char *r)
{
	size_t len, i;

	if (r == NULL)
		return false;
	len = strnlen(r, TOKEN_MAX_RECIPIENT + 1);
	if (len == 0 || len > TOKEN_MAX_RECIPIENT)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)r[i] <= ' ' || r[i] == 0x7f)
			return false;
	return true;
}

/* Append s (lower-cased) and a NUL to msg at *len; caller bounds s. */
static void
msg_add(unsigned char *msg, size_t *len, const char *s)
{
	for (; *s; s++)
		msg[(*len)++] = (unsigned char)lower((unsigned char)*s);
	msg[(*len)++] = '\0';
}

/* The first 100 bits of md as 20 base32 digits. */
static void
b32_100(const unsigned char *md, char out[TOKEN_MAC_LEN + 1])
{
	size_t i, bit;
	unsigned v;

	for (i = 0; i < TOKEN_MAC_LEN; i++) {
		bit = 5 * i;
		v = (unsigned)md[bit / 8] << 8 | md[bit / 8 + 1];
		out[i] = B32[(v >> (11 - bit % 8)) & 31];
	}
	out[TOKEN_MAC_LEN] = '\0';
}

/*
 * The MAC of (code, recipient, expiry) under key as base32. The caller has
 * checked the lengths of code and recipient. -1 if HMAC fails.
 */
static int
mac_b32(const unsigned char *key, const char *code, const char *recipient,
    long long expiry, char out[TOKEN_MAC_LEN + 1])
{
	unsigned char msg[MSG_MAX], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t len = 0;
	char dec[24];
	int rc = -1;

	snprintf(dec, sizeof dec, "%lld", expiry);
	msg_add(msg, &len, "v1");
	msg_add(msg, &len, code);
	msg_add(msg, &len, recipient);
	memcpy(msg + len, dec, strlen(dec));	/* no NUL after the last */
	len += strlen(dec);
	if (HMAC(EVP_sha256(), key, TOKEN_KEY_LEN, msg, len, md, &mdlen) !=
	    NULL && mdlen >= 13) {
		b32_100(md, out);
		rc = 0;
	}
	OPENSSL_cleanse(md, sizeof md);
	return rc;
}

static void
b36_encode(long long v, char out[TOKEN_EXPIRY_MAX + 1])
{
	char tmp[TOKEN_EXPIRY_MAX];
	size_t n = 0, i;

	do {
		tmp[n++] = B36[v % 36];
		v /= 36;
	} while (v > 0 && n < sizeof tmp);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Base 36, 1..7 digits, no leading zero (one spelling per value). */
static int
b36_decode(const char *s, long long *out)
{
	long long v = 0;
	size_t len = strlen(s), i;

	if (len == 0 || len > TOKEN_EXPIRY_MAX || s[0] == '0' ||
	    strspn(s, B36) != len)
		return -1;
	for (i = 0; i < len; i++)
		v = v * 36 + (long long)(strchr(B36, s[i]) - B36);
	if ((long long)(time_t)v != v)
		return -1;
	*out = v;
	return 0;
}

/* Copy token lower-cased into t and cut it at each '.': 4 fields. */
static int
token_split(const char *token, char t[TOKEN_MAX_LEN + 1], char *f[4])
{
	size_t len, i, nf = 1;

	if (token == NULL)
		return -1;
	len = strnlen(token, TOKEN_MAX_LEN + 1);
	if (len == 0 || len > TOKEN_MAX_LEN)
		return -1;
	f[0] = t;
	for (i = 0; i < len; i++) {
		t[i] = (char)lower((unsigned char)token[i]);
		if (t[i] != '.')
			continue;
		if (nf == 4)
			return -1;
		t[i] = '\0';
		f[nf++] = t + i + 1;
	}
	t[len] = '\0';
	return nf == 4 ? 0 : -1;
}

/* Strict: every field bounded and from its own alphabet. */
static int
token_parse(const char *token, struct parsed *p)
{
	char t[TOKEN_MAX_LEN + 1], *f[4];

	if (token_split(token, t, f) == -1 || !valid_id(f[0]) ||
	    !all_of(f[1], TOKEN_CODE_MAX, CODE_CHARS) ||
	    b36_decode(f[2], &p->expiry) == -1 ||
	    strlen(f[3]) != TOKEN_MAC_LEN || strspn(f[3], B32) != TOKEN_MAC_LEN)
		return -1;
	memcpy(p->keyid, f[0], strlen(f[0]) + 1);
	memcpy(p->code, f[1], strlen(f[1]) + 1);
	memcpy(p->mac, f[3], TOKEN_MAC_LEN + 1);
	return 0;
}

char *
token_make(const struct token_key *k, const char *request_code,
    const char *recipient, time_t expires)
{
	char mac[TOKEN_MAC_LEN + 1], exp36[TOKEN_EXPIRY_MAX + 1];
	char code[TOKEN_CODE_MAX + 1];
	size_t i, len;

	if (k == NULL || !valid_id(k->id) || !valid_code(request_code) ||
	    !valid_recipient(recipient) || expires < 1 ||
	    (long long)expires > EXPIRY_LIMIT)
		return NULL;
	for (i = 0; request_code[i]; i++)
		code[i] = (char)lower((unsigned char)request_code[i]);
	code[i] = '\0';
	b36_encode((long long)expires, exp36);
	len = strlen(k->id) + strlen(code) + strlen(exp36) + TOKEN_MAC_LEN + 3;
	if (len > TOKEN_MAX_LEN ||
	    mac_b32(k->key, code, recipient, (long long)expires, mac) == -1)
		return NULL;
	return xasprintf("%s.%s.%s.%s", k->id, code, exp36, mac);
}

static const struct token_key *
key_find(const struct token_key *keys, size_t n, const char *id)
{
	size_t i;

	for (i = 0; keys != NULL && i < n; i++)
		if (strncmp(keys[i].id, id, sizeof keys[i].id) == 0)
			return &keys[i];
	return NULL;
}

enum token_verdict
token_check(const struct token_key *keys, size_t n, const char *token,
    const char *recipient, time_t now, char *code, size_t codesize)
{
	struct parsed p;
	const struct token_key *k;
	char want[TOKEN_MAC_LEN + 1];
	size_t i;

	if (code != NULL && codesize > 0)
		code[0] = '\0';
	if (token_parse(token, &p) == -1 || code == NULL ||
	    strlen(p.code) >= codesize)
		return TOKEN_MALFORMED;
	k = key_find(keys, n, p.keyid);
	if (k == NULL)
		return TOKEN_UNKNOWN_KEY;
	/* Recompute and compare in constant time: no early-out oracle. */
	if (!valid_recipient(recipient) ||
	    mac_b32(k->key, p.code, recipient, p.expiry, want) == -1 ||
	    CRYPTO_memcmp(want, p.mac, TOKEN_MAC_LEN) != 0)
		return TOKEN_BAD_MAC;
	/* Only a genuine token is told it has expired. */
	if ((long long)now > p.expiry)
		return TOKEN_EXPIRED;
	for (i = 0; p.code[i]; i++)
		code[i] = (char)upper((unsigned char)p.code[i]);
	code[i] = '\0';
	return TOKEN_OK;
}

const char *
token_verdict_name(enum token_verdict v)
{
	switch (v) {
	case TOKEN_OK:
		return "ok";
	case TOKEN_MALFORMED:
		return "malformed";
	case TOKEN_UNKNOWN_KEY:
		return "unknown_key";
	case TOKEN_BAD_MAC:
		return "bad_mac";
	case TOKEN_EXPIRED:
		return "expired";
	}
	return "?";
}

/* ------------------------------------------------------------ addresses */

char *
token_address(const char *base_address, const char *token)
{
	const char *at;
	size_t local, tlen;

	/* The token must be a dot-atom: no leading, trailing or double dot. */
	if (base_address == NULL || !all_of(token, TOKEN_MAX_LEN, ADDR_CHARS) ||
	    token[0] == '.' || token[strlen(token) - 1] == '.' ||
	    strstr(token, "..") != NULL)
		return NULL;
	at = strchr(base_address, '@');
	if (at == NULL || at == base_address || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return NULL;
	local = (size_t)(at - base_address);
	tlen = strlen(token);
	if (memchr(base_address, '+', local) != NULL ||
	    local + 1 + tlen > TOKEN_MAX_LOCAL)
		return NULL;
	return xasprintf("%.*s+%s%s", (int)local, base_address, token, at);
}

/* The addr-spec of "Name <addr>", "<addr>" or "addr": [*s, *e). */
static int
addr_spec(const char *addr, const char **s, const char **e)
{
	const char *lt = strrchr(addr, '<'), *gt;

	if (lt != NULL) {
		gt = strchr(lt, '>');
		if (gt == NULL)
			return -1;
		*s = lt + 1;
		*e = gt;
	} else {
		*s = addr;
		*e = addr + strlen(addr);
	}
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
	return *s < *e ? 0 : -1;
}

int
token_from_address(const char *addr, char *token, size_t size)
{
	const char *s, *e, *at, *plus;
	size_t len, i;

	if (token != NULL && size > 0)
		token[0] = '\0';
	if (addr == NULL || token == NULL ||
	    strnlen(addr, TOKEN_MAX_ADDR + 1) > TOKEN_MAX_ADDR ||
	    addr_spec(addr, &s, &e) == -1)
		return -1;
	for (at = e; at > s && at[-1] != '@'; at--)
		;
	if (at == s)
		return -1;
	at--;					/* the last '@' */
	plus = memchr(s, '+', (size_t)(at - s));
	if (plus == NULL)
		return -1;
	len = (size_t)(at - plus - 1);
	if (len == 0 || len > TOKEN_MAX_LEN || len >= size)
		return -1;
	for (i = 0; i < len; i++)
		if (plus[1 + i] == '\0' ||
		    strchr(ADDR_CHARS, plus[1 + i]) == NULL)
			return -1;
	for (i = 0; i < len; i++)
		token[i] = (char)lower((unsigned char)plus[1 + i]);
	token[len] = '\0';
	return 0;
}

/* -------------------------------------------------------------- key file */

/* Open path, refuse anything but a private regular file, read it whole. */
static int
keyfile_read(const char *path, char *text, size_t *len, char *why,
    size_t whysize)
{
	struct stat sb;
	ssize_t r;
	int fd;

	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		snprintf(why, whysize, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* fstat the open file: no window between the check and the read. */
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		snprintf(why, whysize, "%s: not a regular file", path);
		goto fail;
	}
	if (sb.st_mode & 077) {
		snprintf(why, whysize, "%s: readable or writable by group or "
		    "others (mode %04o); chmod 600 it", path,
		    (unsigned)(sb.st_mode & 07777));
		goto fail;
	}
	do {
		r = read(fd, text + *len, TOKEN_KEYFILE_MAX + 1 - *len);
		if (r > 0)
			*len += (size_t)r;
	} while ((r > 0 || (r == -1 && errno == EINTR)) &&
	    *len <= TOKEN_KEYFILE_MAX);
	if (r == -1) {
		snprintf(why, whysize, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (*len > TOKEN_KEYFILE_MAX) {
		snprintf(why, whysize, "%s: larger than %u bytes", path,
		    TOKEN_KEYFILE_MAX);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "KEYID HEX64" (blanks trimmed by the caller); a static error or NULL. */
static const char *
key_line(const char *s, size_t len, struct token_key *k)
{
	size_t i = 0, j;
	unsigned char acc = 0;
	int hi, lo;

	while (i < len && strchr(B36, s[i]) != NULL && s[i] != '\0')
		i++;
	if (i == 0 || i > TOKEN_KEYID_MAX || (i < len && s[i] != ' ' &&
	    s[i] != '\t'))
		return "bad key id (1-8 of a-z, 0-9)";
	memcpy(k->id, s, i);
	k->id[i] = '\0';
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (len - i != 2 * TOKEN_KEY_LEN)
		return "key is not 64 hex digits";
	for (j = 0; j < TOKEN_KEY_LEN; j++) {
		hi = hexval((unsigned char)s[i + 2 * j]);
		lo = hexval((unsigned char)s[i + 2 * j + 1]);
		if (hi < 0 || lo < 0)
			return "key is not 64 hex digits";
		k->key[j] = (unsigned char)(hi << 4 | lo);
		acc |= k->key[j];
	}
	return acc == 0 ? "key is all zeros" : NULL;
}

/* One line of the key file, blanks trimmed: skip, add a key, or fail. */
static int
keyfile_line(const char *s, size_t len, size_t lineno,
    struct token_key *keys, size_t *n, char *why, size_t whysize)
{
	const char *err;
	size_t i;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if (len == 0 || *s == '#')
		return 0;
	if (*n == TOKEN_MAX_KEYS)
		err = "more than 8 keys";
	else
		err = key_line(s, len, &keys[*n]);
	for (i = 0; err == NULL && i < *n; i++)
		if (strcmp(keys[i].id, keys[*n].id) == 0)
			err = "duplicate key id";
	if (err != NULL) {
		snprintf(why, whysize, "line %zu: %s", lineno, err);
		return -1;
	}
	(*n)++;
	return 0;
}

static int
keyfile_parse(const char *text, size_t len, struct token_key *keys,
    size_t *n, char *why, size_t whysize)
{
	const char *p = text, *end = text + len, *nl;
	size_t lineno = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (keyfile_line(p, (size_t)(nl - p), ++lineno, keys, n, why,
		    whysize) == -1)
			return -1;
		p = nl + 1;
	}
	if (*n == 0) {
		snprintf(why, whysize, "no key in the file");
		return -1;
	}
	return 0;
}

int
token_keys_load(const char *path, struct token_key *keys, size_t *n,
    char *why, size_t whysize)
{
	char *text;
	size_t len = 0;
	int rc = -1;
	char dummy[1];

	if (why == NULL || whysize == 0) {
		why = dummy;
		whysize = sizeof dummy;
	}
	why[0] = '\0';
	*n = 0;
	text = xmalloc(TOKEN_KEYFILE_MAX + 1);
	if (path == NULL || keys == NULL)
		snprintf(why, whysize, "no key file");
	else if (keyfile_read(path, text, &len, why, whysize) == 0 &&
	    keyfile_parse(text, len, keys, n, why, whysize) == 0)
		rc = 0;
	OPENSSL_cleanse(text, TOKEN_KEYFILE_MAX + 1);
	free(text);
	if (rc == -1) {
		if (keys != NULL)
			OPENSSL_cleanse(keys, TOKEN_MAX_KEYS * sizeof *keys);
		*n = 0;
	}
	return rc;
}

/* A random id of GEN_ID_LEN characters of [a-z0-9], unbiased. */
static int
random_id(char id[GEN_ID_LEN + 1])
{
	unsigned char r[64];
	size_t i, k = 0;

	if (RAND_bytes(r, sizeof r) != 1)
		return -1;
	/* 252 = 7 * 36: bytes above it would favour the first letters. */
	for (i = 0; i < sizeof r && k < GEN_ID_LEN; i++)
		if (r[i] < 252)
			id[k++] = B36[r[i] % 36];
	id[k] = '\0';
	return k == GEN_ID_LEN ? 0 : -1;
}

int
token_keys_generate(const char *path, const char *comment)
{
	unsigned char key[TOKEN_KEY_LEN];
	char id[GEN_ID_LEN + 1], text[1024];
	size_t i;
	int fd, n, rc = -1, saved;

	if (random_id(id) == -1 || RAND_bytes(key, sizeof key) != 1) {
		errno = EIO;
		return -1;
	}
	n = snprintf(text, sizeof text, "%s%s ", comment, id);
	for (i = 0; i < sizeof key; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%02x",
		    key[i]);
	n += snprintf(text + n, sizeof text - (size_t)n, "\n");
	OPENSSL_cleanse(key, sizeof key);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd != -1 && fchmod(fd, 0600) == 0 &&
	    fd_write_all(fd, text, (size_t)n) == 0 && fsync(fd) == 0)
		rc = 0;
	saved = errno;
	OPENSSL_cleanse(text, sizeof text);
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (fd != -1 && rc == -1)
		unlink(path);
	errno = saved;
	return rc;
}

int
token_keys_ensure(const char *path, const char *comment,
    struct token_key *keys, size_t *n, bool *created, char *why,
    size_t whysize)
{
	char *dir, *slash;

	*created = false;
	if (access(path, F_OK) == -1) {
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			mkdir_p(dir);
		}
		free(dir);
		if (token_keys_generate(path, comment) == 0)
			*created = true;
		else if (errno != EEXIST) {	/* EEXIST: another process won */
			snprintf(why, whysize, "cannot create %s: %s", path,
			    strerror(errno));
			return -1;
		}
	}
	return token_keys_load(path, keys, n, why, whysize);
}
