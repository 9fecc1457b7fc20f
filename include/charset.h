/* charset.h: any declared charset to clean UTF-8, and header decoders. */
#ifndef PL_CHARSET_H
#define PL_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Convert n bytes at p in charset cs (NULL or unknown: UTF-8 if valid,
 * else windows-1252) to UTF-8. UTF-7 is refused and read as ASCII. Bad
 * sequences become U+FFFD; NUL and control characters other than tab and
 * newline are dropped. Never fails; the result is the caller's.
 */
char	*charset_to_utf8(const char *cs, const char *p, size_t n);

/*
 * Decode RFC 2047 encoded words in a header value (unstructured text or a
 * parameter value) to one line of UTF-8: CR, LF and other controls become
 * spaces. Never fails; the result is the caller's.
 */
char	*rfc2047_decode(const char *s);

/* One MIME parameter as libetpan hands it over. */
struct rfc2231_param {
	const char	*name;
	const char	*value;
};

/*
 * Assemble parameter base ("filename", "name") from RFC 2231 pieces among
 * params: base*, base*0, base*0*, base*1... in any order, with
 * charset'lang' and %XX decoding. Returns NULL when there are no such
 * pieces or they are broken (a gap, more than 64 pieces, over 1 KiB);
 * otherwise UTF-8 the caller owns.
 */
char	*rfc2231_decode(const struct rfc2231_param *params, size_t n,
	    const char *base);

/*
 * Reduce an untrusted file name to metadata that is safe to show: UTF-8,
 * no controls, no directory part, at most PL_MAX_NAME bytes. NULL when
 * nothing is left (empty, ".", ".."). The result is the caller's.
 */
char	*filename_clean(const char *s);

#endif
