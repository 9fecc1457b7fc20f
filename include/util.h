/* util.h: small helpers shared by every stage. */
#ifndef PL_UTIL_H
#define PL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Parse a decimal of at most max into *out; -1 on junk, overflow, > max. */
int	parse_uint(const char *s, uint64_t max, uint64_t *out);
/* SHA-256 of p as 64 lower-case hex digits into hex[65]. */
void	sha256_hex(const void *p, size_t n, char hex[65]);
/* Random bytes as hex (2n digits) into out[2n+1]; -1 if the RNG fails. */
int	random_hex(char *out, size_t n);
/* ASCII lower-case in place; returns s. */
char	*str_lower(char *s);
/* Trim ASCII spaces (and U+00A0) at both ends, in place; returns s. */
char	*str_trim(char *s);
/* Collapse runs of white space into one space, in place. */
void	str_squeeze(char *s);
/* Case-insensitive ASCII substring search. */
const char *str_casestr(const char *hay, const char *needle);
/* Does one of words[0..n) stand in the first max bytes of text
 * (ASCII case-insensitive)? NULL text: no. */
bool	str_has_any(const char *text, size_t max, const char *const *words,
	    size_t n);
/* Starts with prefix, ASCII case-insensitive. */
bool	str_caseprefix(const char *s, const char *prefix);

/* True if p[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool	utf8_valid(const char *p, size_t n);
/*
 * Copy p[0..n) as valid UTF-8 without control characters: tab kept; with
 * keep_nl newlines kept, without them CR and LF become spaces (one line);
 * every other C0/C1 control and NUL dropped; bad bytes become U+FFFD. The
 * result is the caller's.
 */
char	*utf8_clean(const char *p, size_t n, bool keep_nl);

/* The clock: SERTEL_NOW=epoch in the environment fixes it for tests. */
time_t	pl_now(void);
/* "2026-11-21T09:15:00+07:00" of t in Asia/Jakarta (UTC+7, no DST). */
void	time_iso(time_t t, char out[32]);

/*
 * In a child after fork: close every inherited descriptor above stderr but
 * keep (the store's database and lock above all: a worker that outlives a
 * killed parent must not hold them).
 */
void	fd_close_others(int keep);

/* Write p to dir/name atomically: temp file, fsync, rename, fsync dir. */
int	file_write_atomic(const char *dir, const char *name, const void *p,
	    size_t n);
/* Write all n bytes to fd (EINTR retried); -1 and errno on failure. */
int	fd_write_all(int fd, const void *p, size_t n);
/* Read exactly n bytes from fd; -1 on EOF or error. */
int	fd_read_all(int fd, void *p, size_t n);
/* mkdir -p with mode 0750; -1 and errno on failure. */
int	mkdir_p(const char *path);
/* The first line of a small file (a password), or NULL; the caller's. */
char	*file_first_line(const char *path);
/* Read a whole file, at most max bytes; -1 with errno EFBIG past max. */
int	file_read(const char *path, size_t max, char **out, size_t *len);

#endif
