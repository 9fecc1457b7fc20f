/* wilayah (validate stage): look-ups in the generated region table. */
#include <ctype.h>
#include <string.h>

#include "wilayah.h"

/* The start of the line containing offset i. */
static size_t
line_start(size_t i)
{
	while (i > 0 && wilayah_table[i - 1] != '\n')
		i--;
	return i;
}

/* Compare the code of the line at off with key (dotted), like strcmp. */
static int
code_cmp(size_t off, const char *key, size_t klen)
{
	const char *c = wilayah_table + off;
	size_t n = strcspn(c, ",");
	int r = strncmp(c, key, n < klen ? n : klen);

	if (r != 0)
		return r;
	return n < klen ? -1 : n > klen;
}

/* Offset of the first line whose code is >= key (binary search). */
static size_t
lower_bound(const char *key, size_t klen)
{
	size_t lo = 0, hi = wilayah_table_len, mid, s;

	while (lo < hi) {
		mid = line_start(lo + (hi - lo) / 2);
		if (mid < lo)
			mid = lo;
		if (code_cmp(mid, key, klen) < 0) {
			s = mid + strcspn(wilayah_table + mid, "\n") + 1;
			lo = s;
		} else
			hi = mid;
	}
	return lo;
}

/* "337501" -> "33.75.01"; dotted codes are copied. 0 on junk. */
static size_t
dotted(const char *code, char *out, size_t size)
{
	size_t n = strlen(code), i, o = 0;

	if (strchr(code, '.') != NULL) {
		if (n + 1 > size)
			return 0;
		memcpy(out, code, n + 1);
		return n;
	}
	if ((n != 2 && n != 4 && n != 6 && n != 10) || n + 4 > size)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)code[i]))
			return 0;
		if (i == 2 || i == 4 || i == 6)
			out[o++] = '.';
		out[o++] = code[i];
	}
	out[o] = '\0';
	return o;
}

const char *
wilayah_name(const char *code, size_t *len)
{
	char key[32];
	size_t klen = dotted(code, key, sizeof key), off;
	const char *name;

	if (klen == 0)
		return NULL;
	off = lower_bound(key, klen);
	if (off >= wilayah_table_len || code_cmp(off, key, klen) != 0)
		return NULL;
	name = wilayah_table + off + klen + 1;
	if (len)
		*len = strcspn(name, "\n");
	return name;
}

size_t
wilayah_children(const char *code,
    void (*fn)(const char *, size_t, const char *, size_t, void *), void *arg)
{
	char key[32];
	size_t klen = dotted(code, key, sizeof key), off, n = 0, cl;
	const char *c;

	if (klen == 0 || klen + 2 > sizeof key)
		return 0;
	key[klen] = '.';
	key[++klen] = '\0';
	for (off = lower_bound(key, klen); off < wilayah_table_len;
	    off += strcspn(wilayah_table + off, "\n") + 1) {
		c = wilayah_table + off;
		if (strncmp(c, key, klen) != 0)
			break;
		cl = strcspn(c, ",");
		/* One level down only: no further dot after the prefix. */
		if (memchr(c + klen, '.', cl - klen) != NULL)
			continue;
		fn(c, cl, c + cl + 1, strcspn(c + cl + 1, "\n"), arg);
		n++;
	}
	return n;
}

size_t
wilayah_provinces(void (*fn)(const char *, size_t, const char *, size_t,
    void *), void *arg)
{
	size_t off, n = 0, cl;
	const char *c;
	char next[4];

	/* Province to province: "PP/" sorts right after all of PP's codes
	 * ("PP.xx", '.' < '/'), so the search skips them. */
	for (off = 0; off < wilayah_table_len; off = lower_bound(next, 3)) {
		c = wilayah_table + off;
		cl = strcspn(c, ",");
		if (cl == 2) {
			fn(c, cl, c + cl + 1, strcspn(c + cl + 1, "\n"), arg);
			n++;
		}
		memcpy(next, c, 2);
		next[2] = '/';
		next[3] = '\0';
	}
	return n;
}
