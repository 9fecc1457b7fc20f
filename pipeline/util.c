/* util: number parsing, hashing, UTF-8 hygiene, atomic files, the clock. */
#define _GNU_SOURCE	/* close_range(2) */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "buf.h"
#include "util.h"
#include "xmem.h"

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

void
sha256_hex(const void *p, size_t n, char hex[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

int
random_hex(char *out, size_t n)
{
	unsigned char b[64];
	size_t i;

	if (n > sizeof b || RAND_bytes(b, (int)n) != 1)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	out[2 * n] = '\0';
	return 0;
}

char *
str_lower(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

static bool
is_nbsp(const char *p)
{
	return (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0;
}

char *
str_trim(char *s)
{
	char *p = s, *e;

	for (;;) {
		if (isspace((unsigned char)*p))
			p++;
		else if (is_nbsp(p))
			p += 2;
		else
			break;
	}
	memmove(s, p, strlen(p) + 1);
	e = s + strlen(s);
	for (;;) {
		if (e > s && isspace((unsigned char)e[-1]))
			e--;
		else if (e - s >= 2 && is_nbsp(e - 2))
			e -= 2;
		else
			break;
	}
	*e = '\0';
	return s;
}

void
str_squeeze(char *s)
{
	char *r = s, *w = s;
	bool sp = false;

	while (*r) {
		if (isspace((unsigned char)*r) || is_nbsp(r)) {
			r += is_nbsp(r) ? 2 : 1;
			sp = true;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = false;
		*w++ = *r++;
	}
	*w = '\0';
}

const char *
str_casestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return n == 0 ? hay : NULL;
}

bool
str_caseprefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Length of the UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	uint32_t c;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

bool
utf8_valid(const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq((const unsigned char *)p + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

char *
utf8_clean(const char *p, size_t n, bool keep_nl)
{
	const unsigned char *u = (const unsigned char *)p;
	struct buf b;
	size_t i = 0, k;

	buf_init(&b, n * 3 + 1);
	while (i < n) {
		k = utf8_seq(u + i, n - i);
		if (k == 0) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f)) {
			if (u[i] == '\t' || (keep_nl && u[i] == '\n'))
				buf_addc(&b, (char)u[i]);
			else if (!keep_nl && (u[i] == '\n' || u[i] == '\r'))
				buf_addc(&b, ' ');	/* one line: breaks space */
		} else if (k == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) {
			/* C1 controls dropped. */
		} else
			buf_add(&b, u + i, k);
		i += k;
	}
	return buf_steal(&b, NULL);
}

time_t
pl_now(void)
{
	const char *e = getenv("SERTEL_NOW");
	uint64_t v;

	if (e && parse_uint(e, (uint64_t)LLONG_MAX, &v) == 0)
		return (time_t)v;
	return time(NULL);
}

void
time_iso(time_t t, char out[32])
{
	struct tm tm;
	time_t local = t + 7 * 3600;

	gmtime_r(&local, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
}

int
mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;
	int n;

	n = snprintf(tmp, sizeof tmp, "%s", path);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0750) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0750) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rv;

	if (fd == -1)
		return -1;
	rv = fsync(fd);
	close(fd);
	return rv;
}

int
fd_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
file_write_atomic(const char *dir, const char *name, const void *p, size_t n)
{
	char tmp[PATH_MAX], dst[PATH_MAX];
	int fd, k1, k2, saved;

	k1 = snprintf(tmp, sizeof tmp, "%s/.tmp.%ld.%s", dir, (long)getpid(),
	    name);
	k2 = snprintf(dst, sizeof dst, "%s/%s", dir, name);
	if (k1 < 0 || (size_t)k1 >= sizeof tmp || k2 < 0 ||
	    (size_t)k2 >= sizeof dst) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd == -1)
		return -1;
	if (fd_write_all(fd, p, n) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, dst) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return fsync_dir(dir);
}

int
fd_read_all(int fd, void *p, size_t n)
{
	char *c = p;
	ssize_t r;

	while (n > 0) {
		r = read(fd, c, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

int
file_read(const char *path, size_t max, char **out, size_t *len)
{
	struct buf b;
	char chunk[65536];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	buf_init(&b, max);
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (buf_add(&b, chunk, (size_t)r) == -1) {
			buf_free(&b);
			close(fd);
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	if (r == -1) {
		buf_free(&b);
		return -1;
	}
	*out = buf_steal(&b, len);
	return 0;
}

char *
file_first_line(const char *path)
{
	char *p = NULL;
	size_t n;

	if (path == NULL || *path == '\0' || file_read(path, 4096, &p, &n) ==
	    -1)
		return NULL;
	p[strcspn(p, "\r\n")] = '\0';
	return p;
}

bool
str_has_any(const char *text, size_t max, const char *const *words,
    size_t n)
{
	char *head;
	size_t i;
	bool hit = false;

	if (text == NULL)
		return false;
	head = xstrndup(text, max);
	for (i = 0; i < n && !hit; i++)
		hit = str_casestr(head, words[i]) != NULL;
	free(head);
	return hit;
}

void
fd_close_others(int keep)
{
	if (keep > 3)
		close_range(3, (unsigned)keep - 1, 0);
	close_range((unsigned)keep + 1, ~0U, 0);
}
